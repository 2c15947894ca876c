#!/usr/bin/env python3
"""Criba's own ACMG/AMP call against ClinVar on the ClinVar slices bundled for tests.

Each ClinVar record with at least --min-stars review stars becomes a heterozygous call of
one sample. Its consequence comes from ClinVar's own MC field (most severe SO term), its
population frequency from the ExAC/ESP/1000 Genomes frequencies ClinVar carries, and gene
constraint (LOEUF, pLI) from gnomAD v2.1.1 when the table is given. CLNSIG stays in the
VCF, but Criba runs with --clinvar-trust none: ClinVar is neither evidence nor override,
only compared. The 5x5 table (Criba rows, ClinVar columns) is printed as Markdown.

  scripts/bench_clinvar_agreement.py --criba .build/release/criba \
      --clinvar testdata/sources/clinvar_GRCh37_20230710.vcf.gz [--constraint gnomad_constraint.bed.gz] \
      [--hpoa testdata/hpo/2025-01-16/phenotype.hpoa.gz] [--min-stars 2]
"""
import argparse, gzip, json, os, subprocess, sys, tempfile

STARS = {"practice_guideline": 4, "reviewed_by_expert_panel": 3,
         "criteria_provided,_multiple_submitters,_no_conflicts": 2, "criteria_provided,_multiple_submitters": 2,
         "criteria_provided,_conflicting_classifications": 1, "criteria_provided,_conflicting_interpretations": 1,
         "criteria_provided,_single_submitter": 1}
IMPACT = {"transcript_ablation": "HIGH", "splice_acceptor_variant": "HIGH", "splice_donor_variant": "HIGH", "stop_gained": "HIGH",
          "frameshift_variant": "HIGH", "stop_lost": "HIGH", "start_lost": "HIGH", "inframe_insertion": "MODERATE",
          "inframe_deletion": "MODERATE", "missense_variant": "MODERATE", "protein_altering_variant": "MODERATE",
          "splice_region_variant": "LOW", "synonymous_variant": "LOW", "stop_retained_variant": "LOW",
          "initiator_codon_variant": "HIGH", "nonsense": "HIGH"}
ORDER = ["transcript_ablation", "splice_acceptor_variant", "splice_donor_variant", "stop_gained", "nonsense", "frameshift_variant",
         "stop_lost", "start_lost", "initiator_codon_variant", "inframe_insertion", "inframe_deletion", "missense_variant",
         "protein_altering_variant", "splice_region_variant", "synonymous_variant", "stop_retained_variant",
         "5_prime_UTR_variant", "3_prime_UTR_variant", "non-coding_transcript_variant", "intron_variant",
         "upstream_gene_variant", "downstream_gene_variant"]
CLASSES = ["Pathogenic", "Likely pathogenic", "Uncertain significance", "Likely benign", "Benign"]


def opener(path):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--criba", default=".build/release/criba")
    parser.add_argument("--clinvar", action="append", required=True)
    parser.add_argument("--constraint", help="gnomAD v2.1.1 gene constraint BED (chr, start, end, id, gene, pLI, LOEUF, HI)")
    parser.add_argument("--hpoa", help="phenotype.hpoa(.gz): gene inheritance for the gene list (needs genes_to_phenotype)")
    parser.add_argument("--genes-to-phenotype")
    parser.add_argument("--min-stars", type=int, default=2)
    parser.add_argument("--panel-genes", help="also report the subset in these genes (one symbol per line)")
    parser.add_argument("--keep", help="directory to keep the VCF, gene list and JSON")
    args = parser.parse_args()

    constraint = {}
    if args.constraint:
        for line in opener(args.constraint):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            constraint[f[4]] = (f[6], f[5])

    records = {}
    for path in args.clinvar:
        for line in opener(path):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            info = dict(kv.split("=", 1) for kv in f[7].split(";") if "=" in kv)
            stars = STARS.get(info.get("CLNREVSTAT", ""), 0)
            if stars < args.min_stars or "CLNSIG" not in info or "GENEINFO" not in info or "," in f[4]:
                continue
            key = (f[0], int(f[1]), f[3], f[4])
            if key in records:
                continue  # the first file given wins (give the newest first)
            gene = info["GENEINFO"].split("|")[0].split(":")[0]
            terms = [mc.split("|")[1] for mc in info.get("MC", "").split(",") if "|" in mc]
            terms = sorted(terms, key=lambda t: ORDER.index(t) if t in ORDER else len(ORDER))
            term = terms[0] if terms else "intron_variant"
            term = {"nonsense": "stop_gained", "initiator_codon_variant": "start_lost"}.get(term, term)
            frequency = max([float(info[k]) for k in ("AF_EXAC", "AF_ESP", "AF_TGP") if k in info] or [None], key=lambda v: v or 0)
            records[key] = dict(gene=gene, term=term, clnsig=info["CLNSIG"], revstat=info["CLNREVSTAT"], frequency=frequency)

    work = args.keep or tempfile.mkdtemp(prefix="criba-clinvar-")
    os.makedirs(work, exist_ok=True)
    genes = sorted({r["gene"] for r in records.values()})
    inheritance = {}
    if args.hpoa and args.genes_to_phenotype:
        disease_modes = {}
        for line in opener(args.hpoa):
            f = line.rstrip("\n").split("\t")
            if len(f) > 10 and f[10] == "I":
                mode = {"HP:0000006": "AD", "HP:0000007": "AR", "HP:0001419": "XL", "HP:0001423": "XL"}.get(f[3])
                if mode:
                    disease_modes.setdefault(f[0], set()).add(mode)
        for line in opener(args.genes_to_phenotype):
            f = line.rstrip("\n").split("\t")
            if len(f) > 5 and f[1] in genes:
                inheritance.setdefault(f[1], set()).update(disease_modes.get(f[5], set()))
    with open(f"{work}/genes.tsv", "w") as out:
        for gene in genes:
            out.write(f"{gene}\t.\t{'/'.join(sorted(inheritance.get(gene, [])))}\n")

    columns = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|LOEUF|pLI"
    vcf = f"{work}/clinvar_calls.vcf"
    with open(vcf, "w") as out:
        out.write("##fileformat=VCFv4.2\n")
        for contig in sorted({k[0] for k in records}):
            out.write(f"##contig=<ID={contig}>\n")
        out.write(f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequences from ClinVar MC. Format: {columns}">\n')
        out.write('##INFO=<ID=popmax_AF,Number=A,Type=Float,Description="Largest of ClinVar AF_EXAC, AF_ESP, AF_TGP">\n')
        out.write('##INFO=<ID=CLNSIG,Number=.,Type=String,Description="ClinVar significance">\n')
        out.write('##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="ClinVar review status">\n')
        out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tCLINVAR\n")
        for (chrom, pos, ref, alt), r in sorted(records.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            loeuf, pli = constraint.get(r["gene"], ("", ""))
            allele = alt[1:] if len(ref) > 1 and len(alt) >= 1 and ref[0] == alt[0] else alt
            allele = allele or "-"
            csq = f"{allele}|{r['term']}|{IMPACT.get(r['term'], 'MODIFIER')}|{r['gene']}|{r['gene']}|Transcript|{r['gene']}-T|protein_coding|||||{loeuf}|{pli}"
            info = [f"CSQ={csq}", f"CLNSIG={r['clnsig']}", f"CLNREVSTAT={r['revstat']}"]
            if r["frequency"] is not None:
                info.append(f"popmax_AF={r['frequency']}")
            out.write(f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t{';'.join(info)}\tGT\t0/1\n")

    result = f"{work}/classified.json"
    subprocess.run([args.criba, "prioritize", "--mode", "hereditary-cancer", "--vcf", vcf, "--panel-genes", f"{work}/genes.tsv",
                    "--clinvar-trust", "none", "--frequency-field", "popmax_AF", "-o", f"{work}/classified.tsv", "--json", result],
                   check=True, stderr=subprocess.DEVNULL)
    variants = json.load(open(result))["panel"]["variants"]
    panel = None
    if args.panel_genes:
        panel = {l.split("\t")[0].strip() for l in open(args.panel_genes) if l.strip() and not l.startswith("#")}

    def table(items, title):
        counts = {(a, b): 0 for a in CLASSES for b in CLASSES + ["other"]}
        opposite = 0
        for v in items:
            clinvar = v.get("clinvarClass") or "other"
            counts[(v["cribaClass"], clinvar)] += 1
            opposite += v["oppositeDirection"]
        print(f"\n{title}: {len(items)} variants, {opposite} opposite-direction calls (P/LP vs B/LB)\n")
        print("| Criba \\ ClinVar | " + " | ".join(CLASSES) + " | conflicting/other |")
        print("|---|" + "---|" * (len(CLASSES) + 1))
        for a in CLASSES:
            print(f"| {a} | " + " | ".join(str(counts[(a, b)]) for b in CLASSES + ["other"]) + " |")
        agree = sum(counts[(a, a)] for a in CLASSES)
        print(f"\nExact agreement {agree}/{len(items)}; genes: {', '.join(sorted({v['gene'] for v in items}))}")
        for v in items:
            if v["oppositeDirection"]:
                print(f"- opposite: {v['variant']['id']} {v['gene']} {v['variant']['consequences'][0]}: {v['conflict']}; "
                      f"criteria {','.join(c['code'] + '_' + c['strength'] for c in v['variant']['criteria'])}")

    table(variants, f"ClinVar records with >= {args.min_stars} stars")
    if panel is not None:
        table([v for v in variants if v["gene"] in panel], "of which in panel 0 or ACMG SF genes")


if __name__ == "__main__":
    main()
