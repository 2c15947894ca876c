#!/usr/bin/env python3
"""Builds testdata/pfeiffer/ from the workplace copies (run once; the outputs are committed).

- the Exomiser Pfeiffer exome (GRCh37, 37,709 calls, one spiked FGFR2 variant) and its
  phenopacket, copied unchanged;
- the Ensembl 75 CAVA gene model (one transcript per gene), reduced to the transcripts that
  lie within 5 kb of a call of that exome: the only ones that can give it a consequence, so
  the annotation equals the one with the genome-wide file.

    scripts/make_pfeiffer_case.py [SHARED_DATA_DIR]
"""
import bisect
import collections
import gzip
import os
import shutil
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
out = os.path.join(os.path.dirname(__file__), '..', 'testdata', 'pfeiffer')
os.makedirs(out, exist_ok=True)
vcf = os.path.join(shared, '5_patient_vcfs', 'exomiser_Pfeiffer_hg19.vcf.gz')
shutil.copyfile(vcf, os.path.join(out, 'exomiser_Pfeiffer_hg19.vcf.gz'))
shutil.copyfile(os.path.join(shared, '7_benchmarks', 'exomiser_pfeiffer-phenopacket.json'),
                os.path.join(out, 'pfeiffer-phenopacket.json'))

positions = collections.defaultdict(list)
with gzip.open(vcf, 'rt') as lines:
    for line in lines:
        if not line.startswith('#'):
            contig, position = line.split('\t', 2)[:2]
            positions[contig].append(int(position))
for contig in positions:
    positions[contig].sort()

flank = 5000
kept = total = 0
model = os.path.join(shared, '1_gene_models', 'cava_ensembl75s_GRCh37', 'ensembl75s_GRCh37_from_CAVA.genePred.gz')
with gzip.open(model, 'rt') as lines, gzip.open(os.path.join(out, 'ensembl75s_GRCh37_pfeiffer.genePred.gz'), 'wt', compresslevel=9) as result:
    for line in lines:
        if line.startswith('#'):
            result.write(line)
            continue
        total += 1
        fields = line.split('\t')
        calls = positions.get(fields[1], [])
        # genePred starts are 0-based: the transcript is txStart+1..txEnd.
        first = bisect.bisect_left(calls, int(fields[3]) + 1 - flank)
        if first < len(calls) and calls[first] <= int(fields[4]) + flank:
            result.write(line)
            kept += 1
print(f'{kept} of {total} transcripts kept', file=sys.stderr)
