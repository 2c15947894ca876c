#!/usr/bin/env python3
"""Builds testdata/annotation/chr20: real GRCh37 chr20 sequence around a deterministic set of
Ensembl 75 coding transcripts (CAVA set, one per gene), for a test that checks criba's
amino-acid changes by translation on real sequence (tests cannot read ../shared).

Each chosen transcript (multi-exon, span at most --max-span bases, every --every-th by start)
becomes its own contig `w<start>` holding 20:start-200 .. end+200 (the name is the 1-based
chr20 position of the window's first base, so local + start - 1 = chr20 position). Writes:

  windows.fa.gz (+ .fai, .gzi)   the windows, bgzip + samtools faidx
  genes.genePred                 the transcripts, shifted to their window
  calls.vcf                      seeded records per transcript (scripts/make_real_csq_check.py)

  make_chr20_fixture.py --genepred G.genePred.gz --fasta GRCh37_chr20.fa.gz --out DIR
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_annotation_bench import read_genepred  # noqa: E402
from make_real_csq_check import read_contig, variants_for  # noqa: E402

FLANK = 200


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--genepred', required=True)
    ap.add_argument('--fasta', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--max-span', type=int, default=15000)
    ap.add_argument('--every', type=int, default=4)
    ap.add_argument('--seed', type=int, default=20261124)
    args = ap.parse_args()
    chromosome = read_contig(args.fasta, '20')
    transcripts, _ = read_genepred(args.genepred, {'20': len(chromosome)})
    eligible = sorted((t for t in transcripts if len(t['exons']) > 1 and t['cds_start'] < t['cds_end']
                       and t['tx_end'] - t['tx_start'] <= args.max_span), key=lambda t: t['tx_start'])
    chosen = eligible[::args.every]
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    fasta, genepred, records = [], [], []
    for t in chosen:
        start = max(0, t['tx_start'] - FLANK)              # 0-based window start on chr20
        end = min(len(chromosome), t['tx_end'] + FLANK)
        name = f'w{start + 1}'
        window = chromosome[start:end]
        fasta.append(f'>{name} 20:{start + 1}-{end} GRCh37\n' + '\n'.join(window[i:i + 60] for i in range(0, len(window), 60)) + '\n')
        shift = lambda x: x - start
        local = dict(t, chrom=name, tx_start=shift(t['tx_start']), tx_end=shift(t['tx_end']),
                     cds_start=shift(t['cds_start']), cds_end=shift(t['cds_end']),
                     exons=[(shift(s), shift(e)) for s, e in t['exons']])
        genepred.append('\t'.join([t['name'], name, t['strand'], str(local['tx_start']), str(local['tx_end']),
                                   str(local['cds_start']), str(local['cds_end']), str(len(t['exons'])),
                                   ''.join(f'{s},' for s, _ in local['exons']), ''.join(f'{e},' for _, e in local['exons']),
                                   t['name2'], t['gene']]))
        records += [(name, position, ref, alt) for position, ref, alt in sorted(set(variants_for(local, window, rng)))]
    with open(os.path.join(args.out, 'windows.fa'), 'w') as out:
        out.writelines(fasta)
    subprocess.run(['bgzip', '-f', '-i', os.path.join(args.out, 'windows.fa')], check=True)
    subprocess.run(['samtools', 'faidx', os.path.join(args.out, 'windows.fa.gz')], check=True)
    with open(os.path.join(args.out, 'genes.genePred'), 'w') as out:
        out.write('#name\tchrom\tstrand\ttxStart\ttxEnd\tcdsStart\tcdsEnd\texonCount\texonStarts\texonEnds\tname2\tgeneId\n')
        out.write('\n'.join(genepred) + '\n')
    with open(os.path.join(args.out, 'calls.vcf'), 'w') as out:
        out.write('##fileformat=VCFv4.2\n')
        for t in chosen:
            start = max(0, t['tx_start'] - FLANK)
            out.write(f'##contig=<ID=w{start + 1},length={min(len(chromosome), t["tx_end"] + FLANK) - start}>\n')
        out.write('#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n')
        for name, position, ref, alt in records:
            out.write(f'{name}\t{position + 1}\t.\t{ref}\t{alt}\t.\t.\t.\n')
    strands = sum(t['strand'] == '-' for t in chosen)
    print(f'{len(chosen)} transcripts ({strands} on the minus strand), '
          f'{sum(len(f) for f in fasta):,} FASTA bytes, {len(records)} records', file=sys.stderr)


if __name__ == '__main__':
    main()
