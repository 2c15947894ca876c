#!/usr/bin/env python3
"""Adds a synthetic CSQ (Criba/VEP layout) to a whole-genome VCF stream, so that the
prioritisation speed benchmark reads a genome shaped like a real annotated one: about
half the records intergenic (no CSQ), 45% intronic, 4% UTR/upstream/downstream, 0.6%
coding (missense, synonymous, splice region, in-frame) and 0.05% loss of function.
Genes are named after HPO-annotated genes, one per 100-kb bin, so phenotype matching
has work to do. The consequences are not biology: this is a speed input only.

    bcftools view trio.bcf | make_wgs_csq.py genes_to_phenotype.txt.gz | bcftools view -Ob -o trio.csq.bcf
"""
import gzip
import sys
import zlib

FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|cDNA_position|"
          "CDS_position|Protein_position|Amino_acids|Codons|Existing_variation|DISTANCE|STRAND|FLAGS|PICK|SYMBOL_SOURCE|"
          "HGNC_ID|CANONICAL|MANE_SELECT|MANE_PLUS_CLINICAL|HGVS_OFFSET")

# (upper bound of a 0..9999 draw, consequence, impact)
CLASSES = [
    (5000, None, None),
    (9500, 'intron_variant', 'MODIFIER'),
    (9700, '3_prime_UTR_variant', 'MODIFIER'),
    (9800, 'upstream_gene_variant', 'MODIFIER'),
    (9935, 'synonymous_variant', 'LOW'),
    (9960, 'missense_variant', 'MODERATE'),
    (9975, 'splice_region_variant&intron_variant', 'LOW'),
    (9990, 'inframe_deletion', 'MODERATE'),
    (9995, 'frameshift_variant', 'HIGH'),
    (10000, 'stop_gained', 'HIGH'),
]


def main():
    with gzip.open(sys.argv[1], 'rt') as handle:
        next(handle)
        genes = sorted({line.split('\t')[1] for line in handle})
    out = sys.stdout
    for line in sys.stdin:
        if line.startswith('##'):
            out.write(line)
            continue
        if line.startswith('#'):
            out.write(f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations (synthetic, speed benchmark only). Format: {FIELDS}">\n')
            out.write(line)
            continue
        fields = line.split('\t', 8)
        key = f'{fields[0]}:{fields[1]}'.encode()
        draw = zlib.crc32(key) % 10000
        consequence = impact = None
        for bound, name, level in CLASSES:
            if draw < bound:
                consequence, impact = name, level
                break
        if consequence is None:
            out.write(line)
            continue
        gene = genes[zlib.crc32(f'{fields[0]}:{int(fields[1]) // 100000}'.encode()) % len(genes)]
        exon = '3/12' if impact in ('LOW', 'MODERATE', 'HIGH') and 'intron' not in consequence else ''
        entries = []
        alleles = [fields[3]] + fields[4].split(',')
        # VEP's allele strings: a first base shared by all alleles of an indel is dropped.
        shared = len({len(a) for a in alleles}) > 1 and all(a[:1] == alleles[0][:1] or a == '*' for a in alleles)
        for allele in alleles[1:]:
            display = (allele[1:] or '-') if shared and allele != '*' else allele
            entries.append('|'.join([display, consequence, impact, gene, 'ENSG' + gene, 'Transcript', 'ENST' + gene,
                                     'protein_coding', exon] + [''] * 15 + ['YES', '', '', '']))
        info = fields[7]
        fields[7] = ('' if info == '.' else info + ';') + 'CSQ=' + ','.join(entries)
        out.write('\t'.join(fields))


if __name__ == '__main__':
    main()
