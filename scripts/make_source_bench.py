#!/usr/bin/env python3
"""Writes annotation-source benchmark inputs shaped like the real files, from the
whole-genome-like input read on standard input (VCF text):

  gnomad.vcf     10 M sites-only records, INFO AC, AN, AF, nhomalt, grpmax (Number=A);
                 ~30% of them at the input's exact sites and alleles
  clinvar.vcf    1 M records, CLNSIG, CLNREVSTAT; ~45% at input sites
  regions.bed    100 k capture-kit-like intervals with a name
  scores.tsv     3 M REVEL-like rows: chrom, pos, ref, alt, score (SNVs)

usage: bgzip -dc wgs.vcf.gz | make_source_bench.py OUTDIR [INPUT_RECORDS]
"""
import random
import sys

out = sys.argv[1]
expected = int(sys.argv[2]) if len(sys.argv) > 2 else 4_600_000
random.seed(20261123)
bases = "ACGT"
gnomad_total, clinvar_total, bed_total, score_total = 10_000_000, 1_000_000, 100_000, 3_000_000
# Per input record: probability to copy it, and extra random sites before it.
gnomad_copy = 0.65
gnomad_extra = (gnomad_total - gnomad_copy * expected) / expected
clinvar_copy = 0.10
clinvar_extra = (clinvar_total - clinvar_copy * expected) / expected
bed_rate = bed_total / expected
score_extra = score_total / expected
groups = ["afr", "amr", "asj", "eas", "fin", "nfe", "sas", "mid"]
significance = ["Benign", "Likely_benign", "Uncertain_significance", "Likely_pathogenic", "Pathogenic",
                "Conflicting_classifications_of_pathogenicity", "Pathogenic/Likely_pathogenic"]
review = ["criteria_provided,_single_submitter", "criteria_provided,_multiple_submitters,_no_conflicts",
          "no_assertion_criteria_provided", "reviewed_by_expert_panel", "criteria_provided,_conflicting_classifications"]

gnomad = open(f"{out}/gnomad.vcf", "w", buffering=1 << 22)
clinvar = open(f"{out}/clinvar.vcf", "w", buffering=1 << 22)
bed = open(f"{out}/regions.bed", "w", buffering=1 << 22)
scores = open(f"{out}/scores.tsv", "w", buffering=1 << 22)
contigs = []
last_bed_start = {}
for line in sys.stdin:
    if line.startswith("##contig"):
        contigs.append(line)
        continue
    if line.startswith("#"):
        if line.startswith("#CHROM"):
            head = "##fileformat=VCFv4.2\n" + "".join(contigs)
            gnomad.write(head + "##fileDate=20261123\n##source=criba-bench-gnomad-like\n"
                         '##INFO=<ID=AC,Number=A,Type=Integer,Description="Alternate allele count">\n'
                         '##INFO=<ID=AN,Number=1,Type=Integer,Description="Total number of alleles">\n'
                         '##INFO=<ID=AF,Number=A,Type=Float,Description="Alternate allele frequency">\n'
                         '##INFO=<ID=nhomalt,Number=A,Type=Integer,Description="Homozygous individuals">\n'
                         '##INFO=<ID=grpmax,Number=A,Type=String,Description="Genetic ancestry group with the maximum allele frequency">\n'
                         "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
            clinvar.write(head + "##fileDate=20261123\n##source=criba-bench-clinvar-like\n"
                          '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="Clinical significance">\n'
                          '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="Review status">\n'
                          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
            scores.write("#chr\tpos\tref\talt\tREVEL\n")
            previous = ("", 0)
        continue
    chrom, pos, _, ref, alt = line.split("\t", 5)[:5]
    pos = int(pos)
    if chrom != previous[0]:
        previous = (chrom, 0)
    low = previous[1] + 1
    previous = (chrom, pos)
    rng = random.random
    def extras(rate):
        count = int(rate) + (1 if rng() < rate - int(rate) else 0)
        if pos - low < 2:
            return []
        return sorted(random.randrange(low, pos) for _ in range(count))
    def site(p):
        r = bases[int(rng() * 4)]
        a = bases[(bases.index(r) + 1 + int(rng() * 3)) % 4]
        return r, a
    def frequency(alts):
        n = alts.count(",") + 1
        an = 152000
        acs = [max(1, int(an * rng() ** 6 * 0.5)) for _ in range(n)]
        afs = ",".join(f"{ac / an:.6g}" for ac in acs)
        return (f"AC={','.join(map(str, acs))};AN={an};AF={afs};nhomalt={','.join(str(ac // 50) for ac in acs)};"
                f"grpmax={','.join(groups[int(rng() * 8)] for _ in range(n))}")
    for p in extras(gnomad_extra):
        r, a = site(p)
        gnomad.write(f"{chrom}\t{p}\t.\t{r}\t{a}\t.\tPASS\t{frequency(a)}\n")
    if rng() < gnomad_copy:
        gnomad.write(f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t{frequency(alt)}\n")
    for p in extras(clinvar_extra):
        r, a = site(p)
        clinvar.write(f"{chrom}\t{p}\t{int(rng() * 3e6)}\t{r}\t{a}\t.\t.\tCLNSIG={significance[int(rng() * 7)]};CLNREVSTAT={review[int(rng() * 5)]}\n")
    if rng() < clinvar_copy:
        first_alt = alt.split(",")[0]
        clinvar.write(f"{chrom}\t{pos}\t{int(rng() * 3e6)}\t{ref}\t{first_alt}\t.\t.\tCLNSIG={significance[int(rng() * 7)]};CLNREVSTAT={review[int(rng() * 5)]}\n")
    for p in extras(score_extra):
        r, a = site(p)
        scores.write(f"{chrom}\t{p}\t{r}\t{a}\t{rng():.3f}\n")
    if rng() < bed_rate:
        start = max(0, pos - 1 - int(rng() * 150), last_bed_start.get(chrom, 0))
        last_bed_start[chrom] = start
        bed.write(f"{chrom}\t{start}\t{start + 100 + int(rng() * 200)}\ttarget_{int(rng() * 20000)}\n")
for handle in (gnomad, clinvar, bed, scores):
    handle.close()
