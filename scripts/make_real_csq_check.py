#!/usr/bin/env python3
"""Inputs for scripts/check-csq-real: seeded variants on the coding transcripts of a real
chromosome, for comparing `criba annotate` with `bcftools csq` on real reference sequence
(the annotation benchmark's genome is synthetic). Stdlib only.

From a genePred (e.g. the CAVA Ensembl 75 set, one transcript per gene), a FASTA holding the
contig (plain or gzipped) and a contig name, writes into --out DIR:

  genes.gff3   Ensembl-style GFF3 of the contig's transcripts (as scripts/make_annotation_bench.py
               writes it), for bcftools csq, which does not read genePred;
  calls.vcf    sites-only VCF, sorted: per coding transcript, seeded at random
                 3 SNVs in the CDS, 2 deletions and 2 insertions of 1-6 bases starting in the
                 CDS, an SNV at each splice-site base (+1, +2, -1, -2) and one in the splice
                 region (+3..+8 or -3..-8) of one random intron, one SNV in a UTR exon and one
                 deep in an intron;
               REF is the reference base(s), ALT a different base or random inserted bases;
               records at the same position and allele are written once.

  make_real_csq_check.py --genepred G.genePred.gz --fasta chr20.fa.gz --contig 20 --out DIR [--seed N]
"""
import argparse
import gzip
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_annotation_bench import cds_pieces, read_genepred, write_gff  # noqa: E402

BASES = 'ACGT'


def read_contig(path, contig):
    """The sequence of one contig (upper case) from a FASTA, plain or gzipped."""
    opener = gzip.open if path.endswith('.gz') else open
    parts, inside = [], False
    with opener(path, 'rt') as handle:
        for line in handle:
            if line.startswith('>'):
                if inside:
                    break
                inside = line[1:].split()[0] == contig
            elif inside:
                parts.append(line.strip())
    if not parts:
        raise SystemExit(f'{path}: no sequence named {contig}')
    return ''.join(parts).upper()


def variants_for(t, seq, rng):
    """(0-based position, REF, ALT) records for one coding transcript."""
    out = []
    pieces = cds_pieces(t)
    cds = [p for s, e in pieces for p in range(s, e)]
    if not cds:
        return out

    def snv(position):
        ref = seq[position]
        if ref in BASES:
            out.append((position, ref, rng.choice([b for b in BASES if b != ref])))

    for position in rng.sample(cds, min(3, len(cds))):
        snv(position)
    for _ in range(2):
        start = rng.choice(cds)
        length = rng.randint(1, 6)
        ref = seq[start - 1:start + length]  # VCF deletion: the base before, then the deleted bases
        if len(ref) == length + 1 and all(b in BASES for b in ref):
            out.append((start - 1, ref, ref[0]))
        anchor = rng.choice(cds)
        inserted = ''.join(rng.choice(BASES) for _ in range(rng.randint(1, 6)))
        if seq[anchor] in BASES:
            out.append((anchor, seq[anchor], seq[anchor] + inserted))
    exons = t['exons']
    if len(exons) > 1:
        i = rng.randrange(len(exons) - 1)
        intron_start, intron_end = exons[i][1], exons[i + 1][0]  # 0-based half-open intron
        if intron_end - intron_start > 20:
            for position in (intron_start, intron_start + 1, intron_end - 1, intron_end - 2):
                snv(position)
            snv(rng.choice([intron_start + rng.randint(2, 7), intron_end - 1 - rng.randint(2, 7)]))
            snv(rng.randint(intron_start + 10, intron_end - 11))
    utr = [p for s, e in exons for p in range(s, e) if p < t['cds_start'] or p >= t['cds_end']]
    if utr:
        snv(rng.choice(utr))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--genepred', required=True)
    ap.add_argument('--fasta', required=True)
    ap.add_argument('--contig', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=20261124)
    args = ap.parse_args()
    seq = read_contig(args.fasta, args.contig)
    transcripts, _ = read_genepred(args.genepred, {args.contig: len(seq)})
    if not transcripts:
        raise SystemExit(f'{args.genepred}: no transcript on {args.contig}')
    os.makedirs(args.out, exist_ok=True)
    stats = {'genes': 0, 'transcripts': 0, 'noncoding_transcripts': 0, 'cds_length_not_multiple_of_3': 0}
    write_gff(transcripts, {args.contig: 0}, os.path.join(args.out, 'genes.gff3'), stats, source='genePred', tag='')
    rng = random.Random(args.seed)
    records = set()
    for t in sorted(transcripts, key=lambda t: t['name']):
        records.update(variants_for(t, seq, rng))
    with open(os.path.join(args.out, 'calls.vcf'), 'w') as out:
        out.write('##fileformat=VCFv4.2\n')
        out.write(f'##contig=<ID={args.contig},length={len(seq)}>\n')
        out.write('#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n')
        for position, ref, alt in sorted(records):
            out.write(f'{args.contig}\t{position + 1}\t.\t{ref}\t{alt}\t.\t.\t.\n')
    print(f'{stats["transcripts"]} transcripts ({stats["genes"]} genes), {len(records)} records', file=sys.stderr)


if __name__ == '__main__':
    main()
