#!/usr/bin/env python3
"""Builds the tier-2 prioritisation benchmark (issue 5): published cases from
phenopacket-store whose causal variants lie on GRCh37 chr20 or chrX below 70 Mb, lifted
from hg38 with the UCSC chain, REF-checked against the GRCh37 FASTA, and spiked with the
case's zygosity into the Pfeiffer exome calls of those regions.

    make_spikein.py --cases phenopacket-store_variants.tsv.gz --chain hg38ToHg19.over.chain.gz \
        --fasta 20=GRCh37_chr20.fa.gz --fasta X=GRCh37_chrX.fa.gz --background Pfeiffer.vcf.gz \
        --split dev --out DIR

Writes DIR/reference.fa (chr20 + chrX slice), DIR/cases.tsv (one line per case) and
DIR/cases/<id>.vcf; prints counts of what was dropped and why. Standard library only.
"""
import argparse
import bisect
import gzip
import hashlib
import os
import sys
from collections import OrderedDict, defaultdict


def open_text(path):
    return gzip.open(path, 'rt') if path.endswith('.gz') else open(path)


def read_fasta(path):
    """One-sequence FASTA -> (name, sequence)."""
    name, parts = None, []
    with open_text(path) as handle:
        for line in handle:
            if line.startswith('>'):
                if name is not None:
                    break
                name = line[1:].split()[0]
            else:
                parts.append(line.strip())
    return name, ''.join(parts).upper()


class Chain:
    """hg38 -> hg19 point mapping for the chains of some hg38 contigs."""

    def __init__(self, path, contigs):
        self.blocks = defaultdict(list)  # t contig -> [(t_start, t_end, q_contig, q_start, q_strand, q_size)]
        current = None
        with open_text(path) as handle:
            for line in handle:
                fields = line.split()
                if not fields:
                    continue
                if fields[0] == 'chain':
                    t_name, t_start = fields[2], int(fields[5])
                    q_name, q_size, q_strand, q_start = fields[7], int(fields[8]), fields[9], int(fields[10])
                    current = [t_name, t_start, q_name, q_start, q_strand, q_size] if t_name in contigs else None
                    continue
                if current is None:
                    continue
                size = int(fields[0])
                t_name, t_pos, q_name, q_pos, q_strand, q_size = current
                self.blocks[t_name].append((t_pos, t_pos + size, q_name, q_pos, q_strand, q_size))
                if len(fields) == 3:
                    current[1] += size + int(fields[1])
                    current[3] += size + int(fields[2])
        self.starts = {}
        for name in self.blocks:
            self.blocks[name].sort()
            self.starts[name] = [block[0] for block in self.blocks[name]]

    def map(self, contig, position):
        """0-based hg38 position -> (hg19 contig, 0-based position, strand) or None."""
        if contig not in self.blocks:
            return None
        index = bisect.bisect_right(self.starts[contig], position) - 1
        # Chains overlap in t; look back a little for a block that contains the position.
        for candidate in range(index, max(-1, index - 50), -1):
            t_start, t_end, q_name, q_start, q_strand, q_size = self.blocks[contig][candidate]
            if t_start <= position < t_end:
                offset = q_start + position - t_start
                if q_strand == '+':
                    return q_name, offset, '+'
                return q_name, q_size - 1 - offset, '-'
        return None


def split_of(identifier):
    return 'dev' if hashlib.md5(identifier.encode()).hexdigest()[-1] in '012' else 'test'


GENOTYPES = {'heterozygous': '0/1', 'homozygous': '1/1', 'hemizygous': '1/1'}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--cases', required=True)
    parser.add_argument('--chain', required=True)
    parser.add_argument('--fasta', action='append', required=True, help='CONTIG=PATH (GRCh37 name, no chr)')
    parser.add_argument('--background', required=True)
    parser.add_argument('--split', default='dev', choices=['dev', 'test', 'all'])
    parser.add_argument('--out', required=True)
    options = parser.parse_args()

    sequences = OrderedDict()
    for item in options.fasta:
        contig, path = item.split('=', 1)
        _, sequence = read_fasta(path)
        sequences[contig] = sequence
    os.makedirs(os.path.join(options.out, 'cases'), exist_ok=True)
    reference = os.path.join(options.out, 'reference.fa')
    if not os.path.exists(reference):
        with open(reference + '.tmp', 'w') as handle:
            for contig, sequence in sequences.items():
                handle.write(f'>{contig}\n')
                for start in range(0, len(sequence), 60):
                    handle.write(sequence[start:start + 60] + '\n')
        os.rename(reference + '.tmp', reference)

    chain = Chain(options.chain, {'chr' + contig for contig in sequences})

    # Cases: rows grouped by phenopacket id, in file order.
    rows = OrderedDict()
    with open_text(options.cases) as handle:
        header = handle.readline().rstrip('\n').split('\t')
        for line in handle:
            record = dict(zip(header, line.rstrip('\n').split('\t')))
            rows.setdefault(record['phenopacket_id'], []).append(record)

    counts = defaultdict(int)
    kept = []
    for identifier, records in rows.items():
        if options.split != 'all' and split_of(identifier) != options.split:
            continue
        gene = next((r['gene'] for r in records if r['gene']), '')
        if not gene:
            continue
        located = [r for r in records if r['chrom'] and r['pos'] and r['ref'] and r['alt']]
        if not located or not all(r['chrom'].replace('chr', '') in sequences for r in located):
            continue
        counts['cases on the regions (hg38)'] += 1
        if any(r['assembly'] != 'hg38' for r in located):
            counts['dropped: not hg38'] += 1
            continue
        variants, problem = [], None
        for r in located:
            contig = r['chrom']
            position = int(r['pos']) - 1
            ref, alt = r['ref'].upper(), r['alt'].upper()
            start = chain.map(contig, position)
            end = chain.map(contig, position + len(ref) - 1)
            if start is None or end is None:
                problem = 'dropped: position does not lift over'
                break
            if start[0] != contig or start[2] != '+' or end[1] - start[1] != len(ref) - 1:
                problem = 'dropped: lifts to another contig, strand or length'
                break
            name = contig.replace('chr', '')
            sequence = sequences[name]
            if start[1] + len(ref) > len(sequence):
                problem = 'dropped: beyond the GRCh37 sequence (chrX above 70 Mb)'
                break
            if sequence[start[1]:start[1] + len(ref)] != ref:
                problem = 'dropped: REF differs from GRCh37 after liftover'
                break
            genotype = GENOTYPES.get(r['allelic_state'].lower())
            if genotype is None:
                problem = f"dropped: zygosity '{r['allelic_state']}'"
                break
            variants.append((name, start[1] + 1, ref, alt, genotype))
        if problem:
            counts[problem] += 1
            continue
        # A single heterozygous row of a recessive case stands for both alleles only when
        # the paper says so; keep what the phenopacket states.
        first = records[0]
        kept.append((identifier, gene, first['sex'], first['hpo_present'], first['hpo_excluded'], first['disease_id'], variants))
        counts['cases kept'] += 1

    # Background: the exome calls on the regions.
    background_header, background = [], []
    with open_text(options.background) as handle:
        for line in handle:
            if line.startswith('##'):
                if line.startswith('##contig') and not any(f'ID={c},' in line for c in sequences):
                    continue
                background_header.append(line)
                continue
            if line.startswith('#'):
                background_header.append(line)
                continue
            fields = line.rstrip('\n').split('\t')
            if fields[0] in sequences and int(fields[1]) + len(fields[3]) - 1 <= len(sequences[fields[0]]):
                background.append(fields)
    counts['background records'] = len(background)
    order = {contig: index for index, contig in enumerate(sequences)}

    with open(os.path.join(options.out, 'cases.tsv'), 'w') as table:
        table.write('id\tgene\tsex\thpo_present\thpo_excluded\tdisease\tvariants\n')
        for identifier, gene, sex, present, excluded, disease, variants in kept:
            spiked = {(c, p) for c, p, _, _, _ in variants}
            records = [f for f in background if (f[0], int(f[1])) not in spiked]
            for contig, position, ref, alt, genotype in variants:
                records.append([contig, str(position), '.', ref, alt, '100', 'PASS', 'SPIKED', 'GT:AD:DP:GQ',
                                f"{genotype}:{'20,20' if genotype == '0/1' else '0,40'}:40:99"])
            records.sort(key=lambda f: (order[f[0]], int(f[1])))
            path = os.path.join(options.out, 'cases', identifier + '.vcf')
            with open(path, 'w') as handle:
                for line in background_header:
                    if line.startswith('#CHROM'):
                        handle.write('##INFO=<ID=SPIKED,Number=0,Type=Flag,Description="Causal variant spiked in by make_spikein.py">\n')
                    handle.write(line)
                for fields in records:
                    handle.write('\t'.join(fields) + '\n')
            table.write('\t'.join([identifier, gene, sex, present, excluded, disease,
                                   ';'.join(f'{c}:{p}:{r}:{a}' for c, p, r, a, _ in variants)]) + '\n')
    for name in sorted(counts):
        print(f'{name}\t{counts[name]}', file=sys.stderr)


if __name__ == '__main__':
    main()
