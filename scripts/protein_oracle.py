#!/usr/bin/env python3
"""An independent oracle for the amino-acid changes of `criba annotate` and `bcftools csq`:
for every record and transcript where both tools give the same coding class (missense,
synonymous, stop_gained, in-frame insertion or deletion), apply the VCF allele to the
transcript's CDS (genePred + reference sequence), translate the reference and the altered CDS
to their first stop, and check each tool's claimed change by applying it to the reference
protein: a claim is right when it yields exactly the translated altered protein (so equivalent
placements of an indel in a run of the same residue both count as right). Records whose
allele does not lie wholly inside one CDS piece are skipped, and so are insertions right after
a piece's last base (whether they join the exon or the intron is a convention). Then, for every record where
the two tools' most severe classes differ, the translation says what happened to the protein.
Prints Markdown. Stdlib + bcftools (query).

  protein_oracle.py --genepred G.genePred.gz --fasta chr20.fa.gz --contig 20 criba.bcf bcsq.bcf
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_csq  # noqa: E402
from make_annotation_bench import cds_pieces, read_genepred  # noqa: E402
from make_real_csq_check import read_contig  # noqa: E402

BASES = 'TCAG'
ACIDS = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG'
CODE = {a + b + c: ACIDS[16 * i + 4 * j + k] for i, a in enumerate(BASES) for j, b in enumerate(BASES) for k, c in enumerate(BASES)}
COMPLEMENT = str.maketrans('ACGT', 'TGCA')


def translate(cds):
    """Protein up to and including the first stop ('X' for a codon with another letter)."""
    protein = []
    for i in range(0, len(cds) - 2, 3):
        protein.append(CODE.get(cds[i:i + 3], 'X'))
        if protein[-1] == '*':
            break
    return ''.join(protein)


def proteins(transcript, sequence, position, ref, alt):
    """(reference protein, altered protein), or None when the allele leaves one CDS piece."""
    pieces = cds_pieces(transcript)
    start = position - 1
    if not any(s <= start and start + len(ref) <= e for s, e in pieces):
        return None
    if len(alt) > len(ref) and any(start + len(ref) == e for s, e in pieces):
        return None  # inserted after the piece's last base: exon or intron is a convention, not a fact
    plus = ''.join(sequence[s:e] for s, e in pieces)
    offset = 0
    for s, e in pieces:
        if s <= start < e:
            offset += start - s
            break
        offset += e - s
    altered = plus[:offset] + alt + plus[offset + len(ref):]
    if transcript['strand'] == '-':
        plus, altered = plus.translate(COMPLEMENT)[::-1], altered.translate(COMPLEMENT)[::-1]
    return translate(plus), translate(altered)


def applied(reference, claim):
    """The reference protein with a `position:REF>ALT` claim applied, to its first stop."""
    position, change = claim.split(':', 1)
    old, new = change.split('>')
    index = int(position) - 1
    if index < 0 or reference[index:index + len(old)] != old:
        return None
    protein = reference[:index] + new + reference[index + len(old):]
    return protein[:protein.index('*') + 1] if '*' in protein else protein


def records(path, tag):
    """{CHROM POS REF ALT: INFO/tag} in file order."""
    text = subprocess.run(['bcftools', 'query', '-f', f'%CHROM %POS %REF %ALT\\t%INFO/{tag}\\n', path],
                          check=True, capture_output=True, text=True).stdout
    return dict(line.split('\t') for line in text.splitlines())


def first_difference(reference, altered):
    """'ref …VQIVE / alt …QIVEA at residue N' around the first differing residue."""
    index = next((i for i in range(min(len(reference), len(altered))) if reference[i] != altered[i]),
                 min(len(reference), len(altered)))
    window = slice(max(0, index - 2), index + 5)
    return f'residue {index + 1}: {reference[window]} → {altered[window]}'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--genepred', required=True)
    ap.add_argument('--fasta', required=True)
    ap.add_argument('--contig', required=True)
    ap.add_argument('criba')
    ap.add_argument('bcsq')
    args = ap.parse_args()
    sequence = read_contig(args.fasta, args.contig)
    transcripts = {t['name']: t for t in read_genepred(args.genepred, {args.contig: len(sequence)})[0]}

    checked, right, wrong = 0, {'criba': 0, 'bcftools csq': 0}, {'criba': [], 'bcftools csq': []}
    for (key, ours), (_, theirs) in zip(compare_csq.transcript_changes(args.criba, 'CSQ'),
                                        compare_csq.transcript_changes(args.bcsq, 'BCSQ')):
        _, position, ref, alt = key.split()
        for name, (klass, change) in theirs.items():
            mine = ours.get(name)
            if mine is None or mine[0] != klass or name not in transcripts:
                continue
            pair = proteins(transcripts[name], sequence, int(position), ref, alt)
            if pair is None:
                continue
            checked += 1
            for tool, claim in (('criba', mine[1]), ('bcftools csq', change)):
                if applied(pair[0], claim) == pair[1]:
                    right[tool] += 1
                else:
                    wrong[tool].append(f'{key} {name} {klass}: {tool} says {claim}; translation gives {first_difference(*pair)}')
    print(f'Amino-acid changes checked against translation (the CDS with the allele applied, translated to '
          f'its first stop) on **{checked:,}** record-transcript pairs where both tools give the same coding class:\n')
    print('| tool | right | wrong |')
    print('|---|---|---|')
    for tool in right:
        print(f'| {tool} | {right[tool]:,} | {len(wrong[tool]):,} |')
    for tool, cases in wrong.items():
        if cases:
            print(f'\n{tool}, first of {len(cases)} wrong:')
            for case in cases[:5]:
                print(f'- {case}')

    ours = records(args.criba, 'CSQ')
    name = lambda r: compare_csq.CLASSES[r] if r < compare_csq.NONE else '(none)'
    lines = []
    for (key, a), (_, b) in zip(compare_csq.most_severe(args.criba, 'CSQ', 1), compare_csq.most_severe(args.bcsq, 'BCSQ', 0)):
        if a == b:
            continue
        info = ours[key]
        _, position, ref, alt = key.split()
        entries = [entry.split('|') for entry in info.split(',')]
        hit = next((e for e in entries if a in [compare_csq.rank(t) for t in e[1].split('&')]), entries[0])
        pair = proteins(transcripts[hit[6]], sequence, int(position), ref, alt) if hit[6] in transcripts else None
        effect = first_difference(*pair) if pair else 'not translated (outside one CDS piece, or an insertion at its edge)'
        lines.append(f'- {key} {hit[6]}: criba {name(a)} ({hit[10] or "-"} {hit[11]}), bcftools csq {name(b)}; {effect}')
    print(f'\nRecords whose most severe class differs ({len(lines)}), with what translation says:')
    print('\n'.join(lines) if lines else '- none')


if __name__ == '__main__':
    main()
