// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Criba",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "criba", targets: ["criba"]),
        .library(name: "VariantIO", targets: ["VariantIO"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C module over the system htslib; imported only by VariantIO.
        .systemLibrary(
            name: "CHTSlib",
            pkgConfig: "htslib",
            providers: [.apt(["libhts-dev"]), .brew(["htslib"])]
        ),
        // Value types shared by every layer: positions, regions, genotypes, variant classes.
        .target(name: "VariantModel"),
        // The only target that touches htslib pointers.
        .target(
            name: "VariantIO", dependencies: ["CHTSlib", "VariantModel"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // Dispatch-parallel engine: shards, batches, ordered emission.
        .target(name: "Pipeline", dependencies: ["VariantIO", "VariantModel"]),
        // Gene models, reference sequence, consequences (SO terms, HGVS) and VEP-style CSQ.
        .target(
            name: "Annotation", dependencies: ["VariantIO", "VariantModel"], resources: [.copy("Resources")],
            // Consequences run per allele and transcript on millions of records: static
            // exclusivity checking still applies, the dynamic per-access check is dropped.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // Annotation sources: VCF/BCF, BED, score tables and gene tables, declared in TOML.
        .target(
            name: "AnnotationSources",
            dependencies: ["VariantIO", "VariantModel", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources")],
            // The per-line loops touch the annotator's buffers millions of times; static
            // exclusivity checking still applies, the dynamic per-access check is dropped.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // The filter language: parse, type-check against a header, evaluate per record.
        .target(
            name: "Filtering", dependencies: ["VariantIO", "VariantModel"], resources: [.copy("Resources")],
            // The evaluator runs per record and sample; static exclusivity checks still apply.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // HPO ontology and annotations, phenotype matching, gene ranking from phenotypes.
        .target(name: "Phenotype", dependencies: ["VariantIO"]),
        // Rare-disease prioritisation: inheritance modes, ACMG/AMP evidence, gene ranking.
        .target(name: "Prioritization", dependencies: ["VariantIO", "VariantModel", "Annotation", "AnnotationSources", "Phenotype"], resources: [.copy("Resources")]),
        // Diagnostic reports: self-contained HTML from bundled Mustache templates, variant TSV.
        .target(
            name: "Reporting",
            dependencies: ["Prioritization", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")]
        ),
        // Per-file and per-sample statistics (criba stats, report QC).
        .target(name: "QualityControl", dependencies: ["VariantIO", "VariantModel"]),
        // The main job: run configuration, case manifests, input validation, the SQLite job
        // store, batch scheduling of the per-case stages, regression digests.
        .target(
            name: "Workflow",
            dependencies: [
                "VariantIO", "VariantModel", "Annotation", "AnnotationSources", "Phenotype",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Resources")]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "criba",
            dependencies: [
                "VariantModel", "VariantIO", "Pipeline", "QualityControl", "Annotation", "AnnotationSources", "Filtering", "Phenotype", "Prioritization", "Reporting", "Workflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "VariantModelTests", dependencies: ["VariantModel"]),
        .testTarget(name: "VariantIOTests", dependencies: ["CHTSlib", "VariantIO", "VariantModel"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "VariantIO", "VariantModel"]),
        .testTarget(name: "AnnotationTests", dependencies: ["Annotation", "VariantIO", "VariantModel"]),
        .testTarget(name: "AnnotationSourcesTests", dependencies: ["AnnotationSources", "VariantIO", "VariantModel"]),
        .testTarget(name: "PhenotypeTests", dependencies: ["Phenotype"]),
        .testTarget(name: "PrioritizationTests", dependencies: ["Prioritization", "Phenotype", "Annotation", "VariantIO", "VariantModel"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Prioritization"]),
        .testTarget(name: "FilteringTests", dependencies: ["Filtering", "VariantIO", "VariantModel"]),
        .testTarget(name: "QualityControlTests", dependencies: ["QualityControl", "VariantIO", "VariantModel"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "VariantModel", "Annotation"]),
        // Seeded random-mutation property tests of every parser Criba writes itself.
        .testTarget(
            name: "FuzzTests",
            dependencies: ["Annotation", "AnnotationSources", "Filtering", "Phenotype", "VariantIO", "VariantModel", "Workflow"]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["criba", "Prioritization", "Workflow", "VariantIO", "VariantModel"]),
    ],
    swiftLanguageModes: [.v6]
)
