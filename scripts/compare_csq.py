#!/usr/bin/env python3
"""Agreement of `criba annotate` (INFO/CSQ, VEP layout) with `bcftools csq` (INFO/BCSQ) on the
same input, used by scripts/bench-annotate. Prints a short Markdown summary on standard output.

Per record, each tool's most severe consequence over all its entries is reduced to one class
(VEP's severity order, CLASSES below): criba's term is the 2nd `|` field of each CSQ entry,
bcftools' the 1st field of each BCSQ entry (leading `*` dropped, `@POS` back-references
skipped); `&`-joined terms are all considered. Two terms of the same meaning under the two
conventions are first mapped to one class (SAME): VEP's stop_retained_variant is bcftools'
synonymous; VEP 105's splice_donor_5th_base_variant and splice_donor_region_variant (intron
bases 3-6 after an exon, where bcftools says splice_region) are splice_region; and
splice_polypyrimidine_tract_variant (intron bases 3-17 before an exon) is intron, since
bcftools' splice_region reaches 8 intron bases and VEP adds splice_region_variant there. Terms
outside the classes (intergenic, upstream, downstream, NMD, ...; bcftools has no such terms)
are not compared. Run bcftools csq with -l (local: one record at a time, like criba) so that
it does not merge variants of the same codon into one record's consequence.

Then, per transcript where both tools give the same coding class (missense, synonymous,
stop_gained, in-frame), the amino-acid change: criba's Protein_position + Amino_acids against
bcftools' `508VA>508V`, both trimmed of the residues they share at either end.

  compare_csq.py criba.bcf bcsq.bcf

Both files must hold the same records in the same order (both tools write every input record).
Needs python3 and bcftools (query).
"""
import subprocess
import sys
from collections import Counter

CLASSES = ['splice_acceptor', 'splice_donor', 'stop_gained', 'frameshift', 'stop_lost', 'start_lost',
           'inframe_insertion', 'inframe_deletion', 'inframe_altering', 'missense', 'splice_region',
           'synonymous', 'coding_sequence', '5_prime_utr', '3_prime_utr', 'non_coding_exon', 'intron']
RANK = {c: i for i, c in enumerate(CLASSES)}
SAME = {'stop_retained': 'synonymous', 'start_retained': 'synonymous',
        'splice_donor_5th_base': 'splice_region', 'splice_donor_region': 'splice_region',
        'splice_polypyrimidine_tract': 'intron', 'protein_altering': 'inframe_altering',
        'non_coding_transcript_exon': 'non_coding_exon', 'non_coding': 'non_coding_exon'}
NONE = len(CLASSES)


def rank(term):
    term = term.lower().lstrip('*')
    if term.endswith('_variant'):
        term = term[:-len('_variant')]
    if term.startswith(('5_prime_utr', '3_prime_utr')):   # e.g. 5_prime_UTR_premature_start_codon_gain
        term = term[:11]
    return RANK.get(SAME.get(term, term), NONE)


def most_severe(path, tag, field):
    """(CHROM POS REF ALT, rank of the most severe class) per record, in file order."""
    query = subprocess.Popen(['bcftools', 'query', '-f', f'%CHROM %POS %REF %ALT\\t%INFO/{tag}\\n', path],
                             stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    for line in query.stdout:
        key, info = line.rstrip('\n').split('\t')
        best = NONE
        if info != '.':
            for entry in info.split(','):
                cols = entry.split('|')
                if len(cols) > field and not cols[0].startswith('@'):
                    for term in cols[field].split('&'):
                        best = min(best, rank(term))
        yield key, best
    if query.wait() != 0:
        raise SystemExit(f'bcftools query failed on {path}')


def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: compare_csq.py criba.bcf bcsq.bcf')
    ours, theirs, same, pairs, example = Counter(), Counter(), Counter(), Counter(), {}
    records = 0
    sentinel = (None, NONE)
    criba, bcsq = most_severe(sys.argv[1], 'CSQ', 1), most_severe(sys.argv[2], 'BCSQ', 0)
    while True:
        (key, a), (key2, b) = next(criba, sentinel), next(bcsq, sentinel)
        if key != key2:
            raise SystemExit(f'the files differ in their records: {key} against {key2}')
        if key is None:
            break
        if a == NONE and b == NONE:
            continue
        records += 1
        ours[a] += 1
        theirs[b] += 1
        if a == b:
            same[a] += 1
        else:
            pairs[a, b] += 1
            example.setdefault((a, b), key)
    name = lambda r: CLASSES[r] if r < NONE else '(none)'
    print('| most severe consequence | criba | bcftools csq | same record, same class |')
    print('|---|---|---|---|')
    for r in range(NONE + 1):
        if ours[r] or theirs[r]:
            print(f'| {name(r)} | {ours[r]:,} | {theirs[r]:,} | {same[r]:,} |')
    total = sum(same.values())
    print(f'\nSame most severe class on **{total:,} of {records:,} records ({100 * total / max(records, 1):.2f}%)** '
          'to which either tool gives a transcript consequence.')
    if pairs:
        print('Largest differences (criba / bcftools csq: records, e.g.): ' + '; '.join(
            f'{name(a)} / {name(b)}: {n:,}, {example[a, b]}' for (a, b), n in pairs.most_common(5)) + '.')
    protein_changes(sys.argv[1], sys.argv[2])


PROTEIN_CLASSES = {'missense', 'synonymous', 'stop_gained', 'inframe_insertion', 'inframe_deletion', 'inframe_altering'}


def trimmed(position, ref, alt):
    """position:REF>ALT after dropping residues both sides share at the start and the end."""
    while ref and alt and ref[0] == alt[0]:
        ref, alt, position = ref[1:], alt[1:], position + 1
    while ref and alt and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    return f'{position}:{ref}>{alt}'


def transcript_changes(path, tag):
    """Per record, {transcript: (class, protein change)} for the entries in PROTEIN_CLASSES."""
    query = subprocess.Popen(['bcftools', 'query', '-f', f'%CHROM %POS %REF %ALT\\t%INFO/{tag}\\n', path],
                             stdout=subprocess.PIPE, text=True, bufsize=1 << 20)
    for line in query.stdout:
        key, info = line.rstrip('\n').split('\t')
        changes = {}
        for entry in ([] if info == '.' else info.split(',')):
            cols = entry.split('|')
            if tag == 'CSQ' and len(cols) > 15:
                best = min((rank(t) for t in cols[1].split('&')), default=NONE)
                if best < NONE and CLASSES[best] in PROTEIN_CLASSES and cols[14] and cols[15]:
                    start = int(cols[14].split('-')[0].replace('?', '0') or 0)
                    acids = cols[15].split('/')
                    ref, alt = acids[0].replace('-', ''), (acids[1] if len(acids) == 2 else acids[0]).replace('-', '')
                    changes[cols[6]] = (CLASSES[best], trimmed(start, ref, alt))
            elif tag == 'BCSQ' and len(cols) > 5 and not cols[0].startswith('@') and cols[5]:
                best = min((rank(t) for t in cols[0].split('&')), default=NONE)
                if best < NONE and CLASSES[best] in PROTEIN_CLASSES:
                    sides = cols[5].split('>')
                    number = lambda side: int(''.join(c for c in side if c.isdigit()) or 0)
                    letters = lambda side: ''.join(c for c in side if not c.isdigit())
                    alt = letters(sides[1]) if len(sides) > 1 else letters(sides[0])
                    changes[cols[2]] = (CLASSES[best], trimmed(number(sides[0]), letters(sides[0]), alt))
        yield key, changes
    if query.wait() != 0:
        raise SystemExit(f'bcftools query failed on {path}')


def protein_changes(criba_path, bcsq_path):
    """Prints how often the two tools name the same amino-acid change for one transcript."""
    compared, same, differ, example = 0, 0, Counter(), {}
    for (key, ours), (_, theirs) in zip(transcript_changes(criba_path, 'CSQ'), transcript_changes(bcsq_path, 'BCSQ')):
        for transcript, (klass, change) in theirs.items():
            mine = ours.get(transcript)
            if mine is None or mine[0] != klass:
                continue  # a class difference, counted in the table above
            compared += 1
            if mine[1] == change:
                same += 1
            else:
                differ[klass] += 1
                example.setdefault(klass, f'{key} {transcript}: criba {mine[1]}, bcftools {change}')
    print(f'\nAmino-acid change (protein position and residues, trimmed of shared residues) for the same '
          f'transcript where both tools give the same coding class ({", ".join(sorted(PROTEIN_CLASSES))}): '
          f'**{same:,} of {compared:,} agree ({100 * same / max(compared, 1):.2f}%)**.')
    for klass, n in differ.most_common():
        print(f'- {klass}: {n:,} differ, e.g. {example[klass]}')


if __name__ == '__main__':
    main()
