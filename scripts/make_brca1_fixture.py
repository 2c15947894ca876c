#!/usr/bin/env python3
"""Builds the BRCA1 test fixture (testdata/annotation/brca1/) from the RefSeq model in
../shared/data/1_gene_models: the cdot JSON gives NM_007294.4's GRCh38 exon alignment and
the transcript FASTA its sequence. No genomic FASTA of BRCA1 is available here, so the
reference is chr17 up to 43.13 Mb with every base N except the exons, which carry the
transcript's sequence (reverse-complemented: BRCA1 is on the minus strand). Exonic and
splice-site variants can then be annotated at their real GRCh38 positions; intronic bases
are N (a REF there matches anything).

  python3 scripts/make_brca1_fixture.py ../shared/data/1_gene_models testdata/annotation/brca1

Writes BRCA1_NM_007294.4_GRCh38.gff3 and GRCh38_chr17_BRCA1_exons.fa (then bgzip -i it).
Also prints the GRCh38 position, REF and ALT of the variants HGVSNamesTests checks.
"""
import json, sys

source, out = sys.argv[1], sys.argv[2]
cdot = json.load(open(f"{source}/mehari_cdot-0.2.12.refseq.grch37_grch38.brca1.json"))
name = "NM_007294.4"
model = cdot["transcripts"][name]
build = model["genome_builds"]["GRCh38"]
assert build["strand"] == "-"
sequence = {}
current = None
for line in open(f"{source}/mehari_brca1_transcripts.fasta"):
    line = line.strip()
    if line.startswith(">"):
        current = line[1:].split()[0]
        sequence[current] = []
    elif current:
        sequence[current].append(line)
transcript = "".join(sequence[name]).upper()
# cdot exons: [genomic start (0-based), genomic end (exclusive), exon index, transcript start, transcript end (1-based, inclusive), gap]
exons = sorted(build["exons"], key=lambda e: e[0])
assert all(e[5] is None for e in exons), "gapped alignment"
assert sum(e[1] - e[0] for e in exons) == len(transcript), (sum(e[1] - e[0] for e in exons), len(transcript))
length = 43_130_000
genome = bytearray(b"N" * length)
complement = bytes.maketrans(b"ACGT", b"TGCA")
for start, end, _, tx_start, tx_end, _ in exons:
    assert end - start == tx_end - tx_start + 1
    piece = transcript[tx_start - 1:tx_end].encode()
    genome[start:end] = piece.translate(complement)[::-1]
with open(f"{out}/GRCh38_chr17_BRCA1_exons.fa", "w") as fasta:
    fasta.write(">chr17 GRCh38 chr17:1-43130000, N except the exons of NM_007294.4\n")
    for i in range(0, length, 60):
        fasta.write(genome[i:i + 60].decode() + "\n")

# CDS: cdot's start_codon is the 0-based transcript offset of the A of ATG, stop_codon the end of the stop codon
cds_first, cds_last = model["start_codon"] + 1, model["stop_codon"]   # 1-based inclusive, stop codon included
assert transcript[cds_first - 1:cds_first + 2] == "ATG" and transcript[cds_last - 3:cds_last] in ("TAA", "TAG", "TGA")

def genomic(tx):
    """GRCh38 1-based position of 1-based transcript position tx."""
    for start, end, _, tx_start, tx_end, _ in exons:
        if tx_start <= tx <= tx_end:
            return end - (tx - tx_start)   # minus strand: transcript start is the exon's genomic end
    raise ValueError(tx)

lines = ["##gff-version 3", f"##sequence-region chr17 1 {length}"]
gene_start, gene_end = exons[0][0] + 1, exons[-1][1]
lines.append(f"chr17\tRefSeq\tgene\t{gene_start}\t{gene_end}\t.\t-\t.\tID=gene-BRCA1;Name=BRCA1;gene_id=BRCA1;gene_biotype=protein_coding;Dbxref=HGNC:HGNC:1100")
lines.append(f"chr17\tRefSeq\tmRNA\t{gene_start}\t{gene_end}\t.\t-\t.\tID=rna-{name};Parent=gene-BRCA1;Name={name};transcript_id={name};biotype=protein_coding;tag=MANE Select")
cds_low, cds_high = genomic(cds_last), genomic(cds_first)
for start, end, _, tx_start, tx_end, _ in exons:
    lines.append(f"chr17\tRefSeq\texon\t{start + 1}\t{end}\t.\t-\t.\tParent=rna-{name}")
for start, end, _, tx_start, tx_end, _ in sorted(exons, key=lambda e: -e[0]):   # transcript order, for the phase
    low, high = max(start + 1, cds_low), min(end, cds_high)
    if low > high:
        continue
    # phase: bases to skip at this piece's 5' end (its genomic high end) to reach a codon start
    tx_of_high = tx_start + (end - high)
    phase = (3 - (tx_of_high - cds_first) % 3) % 3
    lines.append(f"chr17\tRefSeq\tCDS\t{low}\t{high}\t.\t-\t{phase}\tParent=rna-{name};protein_id=NP_009225.1")
open(f"{out}/BRCA1_NM_007294.4_GRCh38.gff3", "w").write("\n".join(lines) + "\n")

def c_to_tx(c):
    return cds_first + c - 1
def show(label, c, alt=None):
    tx = c_to_tx(c)
    base = transcript[tx - 1]
    print(f"{label}: c.{c} = tx {tx}, GRCh38 chr17:{genomic(tx)}, transcript base {base}, plus-strand base {base.translate(str.maketrans('ACGT', 'TGCA'))}")
for c in (1, 68, 69, 80, 81, 181, 1687, 3756, 3759, 4308, 4327, 5074, 5075, 5123, 5266):
    show("c", c)
print("c.-19 tx", cds_first - 19, transcript[cds_first - 20], "GRCh38", genomic(cds_first - 19))   # transcript[] is 0-based
print("c.*100 tx", cds_last + 100, transcript[cds_last + 99], "GRCh38", genomic(cds_last + 100))
print("codons 1394-1397:", transcript[c_to_tx(4180) - 1:c_to_tx(4191)])
