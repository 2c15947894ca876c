#!/usr/bin/env python3
"""Inputs for scripts/bench-annotate (criba annotate vs bcftools csq vs SnpEff), stdlib only.

From an indexed whole-genome VCF/BCF (default bench-data/wgs.vcf.gz) and the MANE genePred
(--genepred, e.g. MANE0.92_GRCh38_from_CAVA.genePred.gz), writes into --out DIR:

  mane.gff3       Ensembl-style GFF3 of the MANE transcripts on the VCF's contigs (contigs the
                  VCF header lacks, e.g. chrY, are skipped):
                    gene   ID=gene:<geneId>;Name=<name2>;biotype=protein_coding;gene_id=<geneId>
                    mRNA   ID=transcript:<name>;Parent=gene:<geneId>;Name=<name>;
                           biotype=protein_coding;transcript_id=<name>;tag=MANE_Select
                    exon (with rank), CDS (phase from the 5' end, protein_id),
                    five_prime_UTR, three_prime_UTR     Parent=transcript:<name>
                  Gene blocks sorted by contig (VCF header order) then start, as Ensembl does;
                  genePred cdsEnd includes the stop codon, like Ensembl's CDS features.
  ref.fa(.fai)    synthetic reference with the VCF header's contig names and lengths: seeded
                  uniform ACGT; then every CDS made a real ORF (ATG, no in-frame stop inside:
                  3rd base of an internal stop -> C, a stop codon at the end); then the REF of
                  every kept VCF record written in (last, so REFs always match).
  NAME.refok.bcf  the VCF minus the records whose REF contradicts an earlier overlapping
                  record's REF (the REFs are random, so ~1 in 8,500 records cannot match any
                  reference; bcftools csq stops at the first one). The earlier record wins, so
                  every kept REF matches ref.fa. NAME is the input's name (wgs.vcf.gz -> wgs).
  refconflicts.tsv  the dropped records (CHROM POS REF ALT) and the earlier record they contradict.
  stats.tsv       counts (transcripts, genes, records kept/dropped, ORF fixes), key<TAB>value.

One contig at a time (peak memory ~2x the longest contig: 520 MB with chr1); about 2 min for the
4.6 M-record WGS input. Needs python3 and bcftools (header, per-contig records, BCF output).

  make_annotation_bench.py --genepred MANE.genePred.gz [--out DIR] [--contigs chr21,chr22] [VCF]
  make_annotation_bench.py --snpeff-gff mane.gff3.gz > genes.gff

The second form rewrites a GFF3 for `snpEff build -gff3` (SnpEff 5.1 registers genes and
transcripts under their gene_id / transcript_id attributes but resolves children through the
raw Parent= value, so Ensembl's ID=transcript:ENST... would lose every exon and CDS): ID and
Parent values are replaced by those attributes.
"""
import argparse
import gzip
import os
import random
import subprocess
import sys
import time

COMP = bytes.maketrans(b'ACGTNacgtn', b'TGCANtgcan')
STOPS = {b'TAA', b'TAG', b'TGA'}
TO_BASE = bytes(b'ACGT'[i & 3] for i in range(256))   # random byte -> base, uniform (256 = 4 x 64)
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(*args):
    print(f'[{time.strftime("%H:%M:%S")}]', *args, file=sys.stderr, flush=True)


def open_text(path):
    return gzip.open(path, 'rt') if path.endswith('.gz') else open(path)


def vcf_header(vcf):
    """The header text and [(contig, length)] from its ##contig lines, in header order."""
    header = subprocess.run(['bcftools', 'view', '-h', vcf], check=True, capture_output=True, text=True).stdout
    contigs = []
    for line in header.splitlines():
        if line.startswith('##contig=<'):
            fields = dict(kv.split('=', 1) for kv in line[len('##contig=<'):-1].split(',') if '=' in kv)
            contigs.append((fields['ID'], int(fields['length'])))
    return header, contigs


def read_genepred(path, lengths):
    """Transcripts on the given contigs, as dicts; counts of the skipped ones by contig."""
    transcripts, skipped = [], {}
    with open_text(path) as handle:
        for line in handle:
            if line.startswith('#') or not line.strip():
                continue
            f = line.rstrip('\n').split('\t')
            name, chrom, strand = f[0], f[1], f[2]
            if chrom not in lengths:
                skipped[chrom] = skipped.get(chrom, 0) + 1
                continue
            starts = [int(x) for x in f[8].rstrip(',').split(',')]
            ends = [int(x) for x in f[9].rstrip(',').split(',')]
            assert len(starts) == int(f[7]) == len(ends), name
            if int(f[4]) > lengths[chrom]:
                raise SystemExit(f'{name}: txEnd {f[4]} is past the end of {chrom} ({lengths[chrom]})')
            gene = f[11] if len(f) > 11 and f[11] else f[10]
            transcripts.append(dict(name=name, chrom=chrom, strand=strand, tx_start=int(f[3]), tx_end=int(f[4]),
                                    cds_start=int(f[5]), cds_end=int(f[6]), exons=sorted(zip(starts, ends)),
                                    name2=f[10], gene=gene))
    return transcripts, skipped


def cds_pieces(t):
    """0-based half-open CDS pieces in genomic order."""
    pieces = []
    for s, e in t['exons']:
        s2, e2 = max(s, t['cds_start']), min(e, t['cds_end'])
        if s2 < e2:
            pieces.append((s2, e2))
    return pieces


def write_gff(transcripts, order, path, stats, source='MANE', tag=';tag=MANE_Select'):
    genes = {}
    for t in transcripts:
        genes.setdefault((t['gene'], t['chrom'], t['strand']), []).append(t)
    blocks, seen = [], {}
    for (gid, chrom, strand), txs in genes.items():
        n = seen.get(gid, 0)            # a gene id reused on another contig/strand gets a suffix
        seen[gid] = n + 1
        uid = gid if n == 0 else f'{gid}_{n + 1}'
        blocks.append((order[chrom], min(t['tx_start'] for t in txs), uid, chrom, strand,
                       max(t['tx_end'] for t in txs), sorted(txs, key=lambda t: (t['tx_start'], t['name']))))
    blocks.sort(key=lambda b: (b[0], b[1], b[2]))
    with open(path, 'w') as out:
        w = out.write
        w('##gff-version 3\n')
        for _, gstart, uid, chrom, strand, gend, txs in blocks:
            stats['genes'] += 1
            w(f'{chrom}\t{source}\tgene\t{gstart + 1}\t{gend}\t.\t{strand}\t.\t'
              f'ID=gene:{uid};Name={txs[0]["name2"]};biotype=protein_coding;gene_id={uid}\n')
            for t in txs:
                stats['transcripts'] += 1
                name = t['name']
                coding = t['cds_start'] < t['cds_end']
                stats['noncoding_transcripts'] += not coding
                w(f'{chrom}\t{source}\tmRNA\t{t["tx_start"] + 1}\t{t["tx_end"]}\t.\t{strand}\t.\t'
                  f'ID=transcript:{name};Parent=gene:{uid};Name={name};'
                  f'biotype={"protein_coding" if coding else "processed_transcript"};'
                  f'transcript_id={name}{tag}\n')
                parent = f'Parent=transcript:{name}'
                rows = []
                for i, (s, e) in enumerate(t['exons']):
                    rank = i + 1 if strand == '+' else len(t['exons']) - i
                    rows.append((s, 1, f'{chrom}\t{source}\texon\t{s + 1}\t{e}\t.\t{strand}\t.\t{parent};rank={rank}\n'))
                if coding:
                    pieces = cds_pieces(t)
                    stats['cds_length_not_multiple_of_3'] += sum(e - s for s, e in pieces) % 3 != 0
                    done = 0                  # CDS bases before this piece, from the 5' end
                    for s, e in (pieces if strand == '+' else pieces[::-1]):
                        rows.append((s, 2, f'{chrom}\t{source}\tCDS\t{s + 1}\t{e}\t.\t{strand}\t{(3 - done % 3) % 3}\t'
                                           f'{parent};protein_id={name}\n'))
                        done += e - s
                    for s, e in t['exons']:
                        for a, b, left in ((s, min(e, t['cds_start']), True), (max(s, t['cds_end']), e, False)):
                            if a < b:
                                kind = 'five_prime_UTR' if left == (strand == '+') else 'three_prime_UTR'
                                rows.append((a, 3, f'{chrom}\t{source}\t{kind}\t{a + 1}\t{b}\t.\t{strand}\t.\t{parent}\n'))
                rows.sort(key=lambda r: (r[0], r[1]))
                out.writelines(r[2] for r in rows)


def make_orfs(seq, transcripts, rng, stats):
    """Every CDS a real ORF: ATG start, a stop at the end, no in-frame stop inside."""
    for t in transcripts:
        pieces = cds_pieces(t)
        if not pieces:
            continue
        cds = b''.join(bytes(seq[s:e]) for s, e in pieces)
        if t['strand'] == '-':
            cds = cds.translate(COMP)[::-1]
        cds = bytearray(cds)
        n = len(cds) - len(cds) % 3
        if n < 6:
            stats['cds_too_short'] += 1
            continue
        cds[0:3] = b'ATG'
        for i in range(3, n - 3, 3):
            if bytes(cds[i:i + 3]) in STOPS:
                cds[i + 2] = ord('C')          # TAA/TAG -> TAC, TGA -> TGC
                stats['internal_stops_fixed'] += 1
        cds[n - 3:n] = rng.choice((b'TAA', b'TAG', b'TGA'))
        back = cds if t['strand'] == '+' else bytes(cds).translate(COMP)[::-1]
        k = 0
        for s, e in pieces:
            seq[s:e] = back[k:k + e - s]
            k += e - s
        stats['orfs'] += 1


def apply_vcf_refs(seq, chrom, vcf, writer, conflicts, stats):
    """Writes the REF of each record of chrom into seq and the record to writer, unless the REF
    contradicts bases an earlier record wrote (then the record goes to conflicts instead)."""
    written_end = 0      # 0-based end of the bases written so far; [p, written_end) lies inside
    cover = b''          # the record that reached written_end (POS), as records come sorted by POS
    proc = subprocess.Popen(['bcftools', 'view', '-H', '-r', chrom, vcf], stdout=subprocess.PIPE, bufsize=1 << 20)
    kept = dropped = 0
    for line in proc.stdout:
        f = line.split(b'\t', 5)
        ref = f[3].upper()
        p = int(f[1]) - 1
        e = p + len(ref)
        if e > len(seq):
            raise SystemExit(f'{chrom}:{p + 1}: REF runs past the contig end ({len(seq)})')
        if p < written_end:
            overlap = min(e, written_end) - p
            if seq[p:p + overlap] != ref[:overlap]:
                dropped += 1
                conflicts.write(b'\t'.join((f[0], f[1], f[3], f[4], cover)) + b'\n')
                continue
        seq[p:e] = ref
        if e > written_end:
            written_end = e
            cover = f[1]
        if ref.strip(b'ACGT'):
            stats['vcf_ref_non_acgt'] += 1
        writer.write(line)
        kept += 1
    if proc.wait() != 0:
        raise SystemExit(f'bcftools view -r {chrom} {vcf} failed')
    stats['records_kept'] += kept
    stats['records_dropped_ref_conflict'] += dropped


def snpeff_gff(path):
    """GFF3 on stdout with ID/Parent replaced by transcript_id/gene_id (logic of SnpEff's
    gff3_fix_ids); parts (exon, CDS, UTR) keep their own IDs."""
    parts = {'exon', 'cds', 'five_prime_utr', 'three_prime_utr', 'start_codon', 'stop_codon'}
    remap = {}
    with open_text(path) as handle:                   # pass 1: ID -> transcript_id / gene_id
        for line in handle:
            f = line.split('\t')
            if len(f) < 9 or line.startswith('#') or f[2].lower() in parts:
                continue
            attrs = dict(kv.split('=', 1) for kv in f[8].rstrip('\n').split(';') if '=' in kv)
            if 'ID' in attrs:
                new = attrs.get('transcript_id') or attrs.get('gene_id')
                if new:
                    remap[attrs['ID']] = new
    out = sys.stdout
    with open_text(path) as handle:                   # pass 2: rewrite
        for line in handle:
            if line.startswith('##FASTA'):
                break
            f = line.rstrip('\n').split('\t')
            if line.startswith('#') or len(f) < 9:
                out.write(line)
                continue
            kvs = []
            for kv in f[8].split(';'):
                key, _, value = kv.partition('=')
                if key == 'ID':
                    kv = 'ID=' + remap.get(value, value)
                elif key == 'Parent':
                    kv = 'Parent=' + ','.join(remap.get(v, v) for v in value.split(','))
                kvs.append(kv)
            f[8] = ';'.join(kvs)
            out.write('\t'.join(f) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('vcf', nargs='?', default=os.path.join(REPO, 'bench-data', 'wgs.vcf.gz'),
                    help='indexed VCF/BCF: contigs, REFs (default: bench-data/wgs.vcf.gz)')
    ap.add_argument('--genepred', help='MANE genePred (plain or gzipped)')
    ap.add_argument('--out', default='.', help='output directory (default: .)')
    ap.add_argument('--contigs', help='comma-separated subset of the VCF contigs (for quick checks)')
    ap.add_argument('--refok', help='filtered VCF/BCF output (default: OUT/NAME.refok.bcf)')
    ap.add_argument('--seed', type=int, default=20261123)
    ap.add_argument('--line-width', type=int, default=60)
    ap.add_argument('--snpeff-gff', metavar='GFF3', help='only rewrite GFF3 for snpEff build, to stdout')
    o = ap.parse_args()
    if o.snpeff_gff:
        return snpeff_gff(o.snpeff_gff)
    if not o.genepred:
        ap.error('--genepred is required')
    os.makedirs(o.out, exist_ok=True)
    name = os.path.basename(o.vcf)
    for suffix in ('.gz', '.vcf', '.bcf'):
        name = name[:-len(suffix)] if name.endswith(suffix) else name
    refok = o.refok or os.path.join(o.out, f'{name}.refok.bcf')

    header, contigs = vcf_header(o.vcf)
    in_header = {c for c, _ in contigs}
    if o.contigs:
        wanted = o.contigs.split(',')
        missing = set(wanted) - {c for c, _ in contigs}
        if missing:
            raise SystemExit(f'not in the VCF header: {",".join(sorted(missing))}')
        contigs = [(c, n) for c, n in contigs if c in wanted]
    lengths = dict(contigs)
    order = {c: i for i, (c, _) in enumerate(contigs)}
    log('contigs:', ' '.join(f'{c}:{n}' for c, n in contigs))

    stats = dict(transcripts=0, genes=0, noncoding_transcripts=0, cds_length_not_multiple_of_3=0, orfs=0,
                 internal_stops_fixed=0, cds_too_short=0, records_kept=0, records_dropped_ref_conflict=0,
                 vcf_ref_non_acgt=0)
    transcripts, skipped = read_genepred(o.genepred, lengths)
    write_gff(transcripts, order, os.path.join(o.out, 'mane.gff3'), stats)
    absent = {c: n for c, n in sorted(skipped.items()) if c not in in_header}
    stats['transcripts_skipped_contig_not_in_vcf'] = ', '.join(f'{c}: {n}' for c, n in absent.items()) or '0'
    stats['transcripts_skipped_contig_not_selected'] = sum(skipped.values()) - sum(absent.values())
    log(f'mane.gff3: {stats["transcripts"]} transcripts in {stats["genes"]} genes; skipped: contig not in the VCF '
        f'header {absent or 0}, contig not selected {stats["transcripts_skipped_contig_not_selected"]}')

    by_chrom = {}
    for t in transcripts:
        by_chrom.setdefault(t['chrom'], []).append(t)
    # The filtered records go through `bcftools view` to BCF; the header gains one line.
    lines = header.rstrip('\n').split('\n')
    lines.insert(len(lines) - 1, '##make_annotation_bench=<Description="records whose REF contradicts '
                                 'an earlier overlapping record were dropped">')
    writer = subprocess.Popen(['bcftools', 'view', '--no-version', '-Ob', '-o', refok, '-'], stdin=subprocess.PIPE)
    writer.stdin.write(('\n'.join(lines) + '\n').encode())
    width = o.line_width
    fa_path = os.path.join(o.out, 'ref.fa')
    offset = 0
    with open(fa_path, 'wb') as fa, open(fa_path + '.fai', 'w') as fai, \
            open(os.path.join(o.out, 'refconflicts.tsv'), 'wb') as conflicts:
        conflicts.write(b'#CHROM\tPOS\tREF\tALT\tcontradicts_record_at\n')
        for chrom, length in contigs:
            t0 = time.time()
            rng = random.Random(f'{o.seed}:{chrom}')
            seq = bytearray(rng.randbytes(length).translate(TO_BASE))
            make_orfs(seq, by_chrom.get(chrom, []), rng, stats)
            apply_vcf_refs(seq, chrom, o.vcf, writer.stdin, conflicts, stats)
            assert len(seq) == length, (chrom, len(seq), length)
            head = f'>{chrom}\n'.encode()
            fa.write(head)
            offset += len(head)
            fai.write(f'{chrom}\t{length}\t{offset}\t{width}\t{width + 1}\n')
            view = memoryview(seq)
            step = width * 100000
            for i in range(0, length, step):
                chunk = view[i:i + step]
                fa.write(b'\n'.join(chunk[j:j + width] for j in range(0, len(chunk), width)))
                fa.write(b'\n')
            offset += length + (length + width - 1) // width
            del view, seq, chunk
            log(f'{chrom}: {length} bp in {time.time() - t0:.1f} s; records kept {stats["records_kept"]}, '
                f'dropped {stats["records_dropped_ref_conflict"]} (totals so far)')
    writer.stdin.close()
    if writer.wait() != 0:
        raise SystemExit(f'bcftools view -Ob -o {refok} failed')
    with open(os.path.join(o.out, 'stats.tsv'), 'w') as handle:
        handle.writelines(f'{k}\t{v}\n' for k, v in stats.items())
    log('done:', stats)


if __name__ == '__main__':
    main()
