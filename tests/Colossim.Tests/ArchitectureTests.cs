using System.Reflection;
using Colossim.Units;
using NetArchTest.Rules;

namespace Colossim.Tests;

/// <summary>
/// The house rules of docs/architecture.md, checked on the compiled library: each folder (namespace) of
/// <c>Colossim.Core</c> uses only the folders below it, so the arrows that must never exist (the engine knowing GPUs,
/// the performance model knowing requests, a pillar knowing the scenario or its rendering) fail the build's tests the
/// day they appear. Dependencies are read from the IL (fields, signatures, method bodies), not from <c>using</c> lines.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Duration).Assembly;

    // Every folder of the library and the folders it may use (itself always). Floors, from the bottom:
    // Units; Simulation, Documents; Catalog; Performance; Facility, Network; Serving, Training, Cluster; Reports; Scenarios; Runs; Sweeps.
    public static TheoryData<string, string[]> Floors => new()
    {
        { "Units", [] },
        { "Simulation", ["Units"] },
        { "Documents", ["Units"] },
        { "Catalog", ["Units", "Documents"] },
        { "Performance", ["Units", "Documents", "Catalog"] },
        { "Facility", ["Units", "Documents", "Catalog", "Performance", "Simulation"] },
        { "Network", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility"] },
        { "Training", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network"] },
        { "Serving", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network"] },
        { "Cluster", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network"] },
        { "Reports", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network", "Training", "Serving", "Cluster"] },
        { "Scenarios", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network", "Training", "Serving", "Cluster", "Reports"] },
        { "Runs", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network", "Training", "Serving", "Cluster", "Reports", "Scenarios"] },
        { "Sweeps", ["Units", "Documents", "Catalog", "Performance", "Simulation", "Facility", "Network", "Training", "Serving", "Cluster", "Reports", "Scenarios", "Runs"] },
    };

    private static readonly string[] Folders = ["Units", "Simulation", "Documents", "Catalog", "Performance", "Facility", "Network", "Training", "Serving", "Cluster", "Reports", "Scenarios", "Runs", "Sweeps"];

    public sealed class TheLibrary
    {
        [Theory]
        [MemberData(nameof(Floors), MemberType = typeof(ArchitectureTests))]
        public void Uses_only_the_folders_below_each_folder(string folder, string[] allowed)
        {
            var forbidden = Folders.Where(f => f != folder && !allowed.Contains(f)).Select(f => $"Colossim.{f}").ToArray();

            var result = Types.InAssembly(Core).That().ResideInNamespace($"Colossim.{folder}").ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

            Assert.True(result.IsSuccessful, $"Colossim.{folder} uses a folder above it: {string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? [])}");
        }

        [Fact]
        public void Has_no_folder_the_house_rules_do_not_place()
        {
            var namespaces = Core.GetTypes().Select(t => t.Namespace).Where(n => n is not null && n.StartsWith("Colossim.", StringComparison.Ordinal)).Select(n => n!.Split('.')[1]).Distinct();

            Assert.Empty(namespaces.Except(Folders));
        }

        [Fact]
        public void Knows_no_front_end()
        {
            var references = Core.GetReferencedAssemblies().Select(a => a.Name);

            Assert.DoesNotContain(references, name => name is not null && (name.Equals("colossim", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Colossim.Cli", StringComparison.Ordinal) || name.StartsWith("Colossim.Web", StringComparison.Ordinal)));
            Assert.DoesNotContain(references, name => name is not null && name.StartsWith("Spectre.Console", StringComparison.Ordinal));
            Assert.DoesNotContain(references, name => name is not null && name.StartsWith("System.CommandLine", StringComparison.Ordinal));
        }

        // Orleans stays in Colossim.Grid (and the CLI that hosts it): the library and the dashboard know no cluster.
        [Fact]
        public void Knows_no_Orleans_nor_the_grid()
        {
            foreach (var assembly in new[] { Core, typeof(Colossim.Web.Dashboard).Assembly })
            {
                var references = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

                Assert.DoesNotContain(references, name => name is not null && (name.StartsWith("Orleans", StringComparison.Ordinal) || name == "Colossim.Grid" || name == "Npgsql"));
            }

            Assert.Contains(typeof(Colossim.Grid.GridSweep).Assembly.GetReferencedAssemblies(), a => a.Name == "Orleans.Core.Abstractions");
        }
    }

    public sealed class TheRule
    {
        // A rule that cannot fail is a defect: check that the check sees a dependency through a method body.
        [Fact]
        public void Sees_a_dependency_that_exists() =>
            Assert.False(Types.InAssembly(Core).That().ResideInNamespace("Colossim.Scenarios").ShouldNot().HaveDependencyOnAny("Colossim.Facility").GetResult().IsSuccessful, "the scenarios folder uses the facility folder");
    }
}
