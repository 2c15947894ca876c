// swift-tools-version:6.0
// Benchmark inputs for Criba: a generator of realistic whole-genome VCFs.
// Run through scripts/bench (see docs/benchmarks.md).
import PackageDescription

let package = Package(
    name: "CribaBenchmarks",
    targets: [
        .executableTarget(name: "criba-benchgen"),
    ],
    swiftLanguageModes: [.v6]
)
