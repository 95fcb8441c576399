using Colossim.Documents;
using Colossim.Sweeps;

namespace Colossim.Tests.Sweeps;

public sealed class ScenarioOverridesTests
{
    private static DocNode Doc(string yaml) => DocReader.Parse(yaml, new Problems())!;

    public sealed class TheApplyMethod
    {
        [Fact]
        public void Replaces_a_value_keeping_its_path_and_line_and_every_other_node()
        {
            var root = Doc("name: x\nsites:\n  - name: a\n    gpus: { type: h100-sxm, count: 8 }\n");

            var changed = ScenarioOverrides.Apply(root, "sites[0].gpus.count", "16", out var error);

            Assert.Equal("", error);
            var gpus = (DocMap)((DocMap)((DocSeq)((DocMap)changed!)["sites"]!).Items[0])["gpus"]!;
            Assert.Equal(new DocScalar("sites[0].gpus.count", 4, "16", IsPlain: true), gpus["count"]);
            Assert.Equal("h100-sxm", ((DocScalar)gpus["type"]!).Value);
            Assert.Equal("8", ((DocScalar)((DocMap)((DocMap)((DocSeq)((DocMap)root)["sites"]!).Items[0])["gpus"]!)["count"]!).Value);
        }

        [Fact]
        public void Adds_a_missing_last_key_to_an_existing_mapping()
        {
            var root = Doc("a: { b: 1 }\n");

            var changed = (DocMap)((DocMap)ScenarioOverrides.Apply(root, "a.c", "2", out _)!)["a"]!;

            Assert.Equal(["b", "c"], changed.Entries.Select(e => e.Key));
            Assert.Equal("a.c", changed["c"]!.Path);
        }

        [Theory]
        [InlineData("sites[3].gpus", "the scenario's 'sites' has 1 item, so there is no [3]")]
        [InlineData("sites[0].power.pue", "the scenario has no 'sites[0].power' to set a value under (keys of 'sites[0]': name, gpus)")]
        [InlineData("sites[0].gpus", "expected the path of a single value, found a mapping at 'sites[0].gpus'")]
        [InlineData("name[0]", "expected a list at 'name', found 'x'")]
        [InlineData("sites.name", "expected a mapping at 'sites', found a list")]
        public void Says_why_a_path_leads_nowhere(string path, string message)
        {
            var root = Doc("name: x\nsites:\n  - name: a\n    gpus: { type: h100-sxm, count: 8 }\n");

            Assert.Null(ScenarioOverrides.Apply(root, path, "1", out var error));
            Assert.Equal(message, error);
        }
    }

    public sealed class TheCanonicalMethod
    {
        [Fact]
        public void Is_the_same_for_the_same_content_in_another_layout()
        {
            var block = Doc("# comment\nname: x\nsites:\n  - gpus:\n      count: 8\n");
            var flow = Doc("{ name: x, sites: [ { gpus: { count: 8 } } ] }");

            Assert.Equal(ScenarioOverrides.Canonical(block), ScenarioOverrides.Canonical(flow));
        }

        [Fact]
        public void Tells_a_changed_value_and_a_quoted_from_a_plain_scalar()
        {
            var plain = ScenarioOverrides.Canonical(Doc("a: 8\n"));

            Assert.NotEqual(plain, ScenarioOverrides.Canonical(Doc("a: 9\n")));
            Assert.NotEqual(plain, ScenarioOverrides.Canonical(Doc("a: '8'\n")));
        }
    }
}
