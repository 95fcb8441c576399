using Colossim.Catalog;
using Colossim.Facility;
using Colossim.Reports;
using Colossim.Scenarios;
using Colossim.Serving;
using static Colossim.Tests.Scenarios.ScenarioFiles;

namespace Colossim.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    // A small valid scenario; tests change one thing in it. Line numbers matter for the expected messages.
    private const string Valid = """
        name: small
        sites:
          - name: lab
            gpus: { type: h200-sxm, count: 64 }
        tenants:
          - { name: alpha, share: 0.5 }
          - { name: beta, share: 0.5 }
        workloads:
          training:
            - { name: tune, tenant: alpha, model: llama3-70b, gpus: 64, tokens: 1e12 }
          serving:
            - name: chat
              tenant: beta
              model: llama3-8b
              traffic: { rate: 10, lengths: { input: 100, output: 10 } }
              slo: { ttft_p99: 2s }
        """;

    private static string With(string from, string to)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    private static string[] Errors(string yaml)
    {
        var result = Parse(yaml);
        Assert.False(result.IsValid);
        return Messages(result);
    }

    private static Scenario Load(string yaml)
    {
        var result = Parse(yaml);
        Assert.Equal([], Messages(result));
        return result.Scenario!;
    }

    public sealed class TheParseMethod
    {
        [Fact]
        public void Reads_a_valid_scenario_without_problems()
        {
            var s = Load(Valid);

            Assert.Equal("small", s.Name);
            Assert.Equal(64, s.TotalGpus);
            Assert.Equal("h200-sxm", s.Sites[0].Gpus.Type.Id);
            Assert.Equal(["alpha", "beta"], s.Tenants.Select(t => t.Name));
            Assert.Equal("llama3-70b", s.Workloads.Training[0].Model.Name);
            Assert.Equal("lab", s.Workloads.Training[0].Site);
            Assert.Equal(10, s.Workloads.Serving[0].Traffic.Rate);
            Assert.Equal(2_000_000_000, s.Workloads.Serving[0].Slo!.TtftP99!.Value.Nanoseconds);
            Assert.Null(s.SourcePath);
        }

        [Fact]
        public void Fills_in_the_documented_defaults()
        {
            var s = Load("name: bare\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\n");

            Assert.Equal(0, s.Seed);
            Assert.Null(s.Description);
            Assert.Empty(s.Tenants);
            Assert.Equal(0, s.Workloads.Count);
            Assert.Equal([ReportFormat.Text, ReportFormat.Html], s.Report.Formats);
            var site = s.Sites[0];
            Assert.Null(site.System);
            Assert.Equal(FabricKind.Infiniband, site.Fabric.Kind);
            Assert.Equal(FabricTopology.RailOptimizedFatTree, site.Fabric.Topology);
            Assert.Equal(1, site.Fabric.Oversubscription);
            Assert.Null(site.Fabric.Switch);
            Assert.Null(site.Power.Grid);
            Assert.Equal(0, site.Power.Battery.Joules);
            Assert.Equal(1.2, site.Power.Pue);
            Assert.Equal(0.08, site.Power.PricePerKwh.Dollars);
        }

        [Fact]
        public void Binds_every_field_with_its_unit()
        {
            var s = Load("""
                name: full
                description: every field
                seed: 7
                sites:
                  - name: memphis
                    system: hgx-h100
                    gpus: { count: 100k }
                    fabric: { switch: spectrum-x, topology: fat-tree, oversubscription: "3:1" }
                    power: { grid_mw: 150, battery_mwh: 0.5GWh, pue: 1.3, usd_per_kwh: $0.1 }
                tenants: [ { name: t, share: 1 } ]
                workloads:
                  training:
                    - { name: pre, tenant: t, model: grok-1, gpus: 65536, tokens: 15T, parallelism: { tp: 8, pp: 8, ep: 8 } }
                  serving:
                    - { name: s1, tenant: t, model: grok-1, gpus: 64, traffic: { trace: AZURE-CONV-2023, scale: 50 }, slo: { tpot_p99: 100ms } }
                    - { name: s2, tenant: t, model: grok-1, traffic: { rate: 1200/min, lengths: { input: 2k, output: 256 }, arrival: constant } }
                report: { formats: [json, text] }
                """);

            Assert.Equal(("full", "every field", 7L), (s.Name, s.Description, s.Seed));
            var site = s.Sites[0];
            Assert.Equal("hgx-h100", site.System!.Id);
            Assert.Equal("h100-sxm", site.Gpus.Type.Id); // from the system
            Assert.Equal(100_000, site.Gpus.Count);
            Assert.Equal(FabricKind.EthernetRdma, site.Fabric.Kind); // from the switch
            Assert.Equal(FabricTopology.FatTree, site.Fabric.Topology);
            Assert.Equal(3, site.Fabric.Oversubscription);
            Assert.Equal("spectrum-x", site.Fabric.Switch!.Id);
            Assert.Equal(150e6, site.Power.Grid!.Value.Value); // a bare grid_mw is megawatts
            Assert.Equal(0.5 * 3.6e12, site.Power.Battery.Joules, 1e-6);
            Assert.Equal(1.3, site.Power.Pue);
            Assert.Equal(0.1, site.Power.PricePerKwh.Dollars);
            var training = s.Workloads.Training[0];
            Assert.Equal(15e12, training.Tokens);
            Assert.Equal(new Colossim.Training.ParallelLayout { Tp = 8, Pp = 8, Cp = 1, Dp = 1024, Ep = 8 }, training.Parallelism);
            var trace = s.Workloads.Serving[0];
            Assert.Equal(("azure-conv-2023", 50.0, (double?)null), (trace.Traffic.Trace, trace.Traffic.Scale, trace.Traffic.Rate));
            Assert.Equal(100_000_000, trace.Slo!.TpotP99!.Value.Nanoseconds);
            Assert.Null(trace.Slo.TtftP99);
            var generated = s.Workloads.Serving[1];
            Assert.Equal(20, generated.Traffic.Rate);
            Assert.Equal(new RequestLengths { Input = 2000, Output = 256 }, generated.Traffic.Lengths);
            Assert.Equal(ArrivalProcess.Constant, generated.Traffic.Arrival);
            Assert.Null(generated.Gpus);
            Assert.Null(generated.Slo);
            Assert.Equal([ReportFormat.Json, ReportFormat.Text], s.Report.Formats);
        }

        [Theory]
        [InlineData("150", 150e6)]
        [InlineData("150MW", 150e6)]
        [InlineData("1.2GW", 1.2e9)]
        [InlineData("\"150\"", 150e6)]
        [InlineData("500kW", 500e3)]
        public void Reads_grid_mw_as_megawatts_or_as_a_power_with_its_unit(string value, double watts)
        {
            var s = Load(With("count: 64 }", $"count: 64 }}\n    power: {{ grid_mw: {value} }}"));

            Assert.Equal(watts, s.Sites[0].Power.Grid!.Value.Value, watts * 1e-12);
        }

        [Theory]
        [InlineData("10", 10)]
        [InlineData("10/s", 10)]
        [InlineData("600/min", 10)]
        [InlineData("36k/h", 10)]
        [InlineData("0.5", 0.5)]
        public void Reads_request_rates_per_second_minute_or_hour(string value, double perSecond)
        {
            var s = Load(With("rate: 10,", $"rate: {value},"));

            Assert.Equal(perSecond, s.Workloads.Serving[0].Traffic.Rate!.Value, 1e-12);
        }

        [Fact]
        public void Lists_every_problem_not_only_the_first()
        {
            var yaml = With("count: 64", "count: -8").Replace("1e12", "lots", StringComparison.Ordinal).Replace("2s", "2 parsecs", StringComparison.Ordinal);

            Assert.Equal(
                [
                    "line 4: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '-8'",
                    "line 10: workloads.training[0].tokens: expected a token count, found 'lots'",
                    "line 16: workloads.serving[0].slo.ttft_p99: expected a duration like 2s, 150ms or 1.5h, found unknown unit 'parsecs' in '2 parsecs' (units: ns, us, µs, μs, ms, s, sec, min, h, hr, d, day, days, w, y, yr, years)",
                ],
                Errors(yaml));
        }

        [Theory]
        [InlineData("count: .nan", "line 4: sites[0].gpus.count: expected a whole number, found '.nan'")]
        [InlineData("count: -8", "line 4: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '-8'")]
        [InlineData("count: 1e400", "line 4: sites[0].gpus.count: expected a whole number, found '1e400', which is too large")]
        [InlineData("count: 0", "line 4: sites[0].gpus.count: expected a whole number between 1 and 10,000,000, found '0'")]
        [InlineData("count: 1.5", "line 4: sites[0].gpus.count: expected a whole number, found '1.5'")]
        public void Reports_nan_negative_and_huge_gpu_counts(string count, string message)
        {
            Assert.Equal([message], Errors(With("count: 64", count)));
        }

        [Fact]
        public void Lists_close_matches_for_an_unknown_gpu()
        {
            Assert.Equal(
                ["line 4: sites[0].gpus.type: unknown GPU 'h200-sxn'; close matches: h200-sxm, h100-sxm (or give the path of a YAML file describing it)"],
                Errors(With("h200-sxm", "h200-sxn")));
        }

        [Fact]
        public void Lists_close_matches_for_an_unknown_model()
        {
            Assert.Equal(
                ["line 10: workloads.training[0].model: unknown model 'llama3-70'; close matches: llama3-70b, llama3-8b (or give the path of a YAML file describing it)"],
                Errors(With("model: llama3-70b", "model: llama3-70")));
        }

        [Fact]
        public void Warns_about_unknown_keys_with_the_closest_known_one_at_every_level()
        {
            var yaml = Valid.Replace("name: small", "name: small\nseeed: 3", StringComparison.Ordinal)
                .Replace("count: 64 }", "count: 64, typ: x }", StringComparison.Ordinal)
                .Replace("tokens: 1e12 }", "tokens: 1e12, tenat: x }", StringComparison.Ordinal)
                .Replace("ttft_p99: 2s", "ttft_p99: 2s, ttft_p95: 1s", StringComparison.Ordinal);
            var result = Parse(yaml);

            Assert.True(result.IsValid);
            Assert.Equal(
                [
                    "line 5: warning: sites[0].gpus.typ: unknown key 'typ' is ignored (did you mean 'type'?)",
                    "line 11: warning: workloads.training[0].tenat: unknown key 'tenat' is ignored (did you mean 'tenant'?)",
                    "line 17: warning: workloads.serving[0].slo.ttft_p95: unknown key 'ttft_p95' is ignored (did you mean 'ttft_p99'?)",
                    "line 2: warning: seeed: unknown key 'seeed' is ignored (did you mean 'seed'?)",
                ],
                Messages(result));
        }

        [Theory]
        [InlineData("- a\n- b\n", "line 1: expected a scenario mapping (name, sites, tenants, workloads), found a list")]
        [InlineData("hello\n", "line 1: expected a scenario mapping (name, sites, tenants, workloads), found 'hello'")]
        [InlineData("name: x\n", "line 1: sites: is required")]
        [InlineData("name: x\nsites: []\n", "line 2: sites: expected at least one site, found an empty list")]
        [InlineData("name: x\nsites: lots\n", "line 2: sites: expected a list, found 'lots'")]
        [InlineData("name: ''\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\n", "line 1: name: expected a name, found an empty text")]
        [InlineData("sites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\n", "line 1: name: is required")]
        [InlineData("name: x\nsites: [ { name: a } ]\n", "line 2: sites[0].gpus: is required")]
        [InlineData("name: x\nsites: [ { name: a, gpus: { count: 8 } } ]\n", "line 2: sites[0].gpus.type: is required")]
        [InlineData("name: x\nsites: [ a ]\n", "line 2: sites[0]: expected a site mapping (name, gpus, fabric, power), found 'a'")]
        [InlineData("name: x\nseed: -1\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\n", "line 2: seed: expected a whole number between 0 and 9,007,199,254,740,992, found '-1'")]
        public void Reports_a_missing_or_misshapen_document(string yaml, string message)
        {
            Assert.Equal([message], Errors(yaml));
        }

        [Fact]
        public void Reports_duplicate_names_of_sites_tenants_and_workloads()
        {
            var yaml = Valid.Replace("  - { name: beta, share: 0.5 }", "  - { name: alpha, share: 0.5 }", StringComparison.Ordinal)
                .Replace("- name: chat", "- name: tune", StringComparison.Ordinal)
                .Replace("tenant: beta", "tenant: alpha", StringComparison.Ordinal)
                .Replace("sites:\n", "sites:\n  - { name: lab, gpus: { type: h100-sxm, count: 64 } }\n", StringComparison.Ordinal);

            Assert.Equal(
                [
                    "line 4: sites[1].name: the name 'lab' is already used by sites[0]",
                    "line 8: tenants[1].name: the name 'alpha' is already used by tenants[0]",
                    "line 13: workloads.serving[0].name: the name 'tune' is already used by another workload",
                ],
                Errors(yaml));
        }

        [Fact]
        public void Reports_shares_that_add_up_to_more_than_1()
        {
            Assert.Equal(["line 6: tenants: the shares add up to 1.2; they must add up to at most 1"], Errors(With("share: 0.5 }\n  - { name: beta", "share: 0.7 }\n  - { name: beta")));
        }

        [Theory]
        [InlineData("share: 0 }", "line 6: tenants[0].share: expected a share above 0, found '0'")]
        [InlineData("share: 1.5 }", "line 6: tenants[0].share: expected a share between 0 and 1, found '1.5'")]
        [InlineData("share: half }", "line 6: tenants[0].share: expected a share, found 'half'")]
        public void Reports_a_share_outside_0_to_1(string share, string message)
        {
            Assert.Equal([message], Errors(With("share: 0.5 }\n  - { name: beta", share + "\n  - { name: beta")));
        }

        [Fact]
        public void Names_the_tenants_when_a_workload_names_an_unknown_one()
        {
            Assert.Equal(
                ["line 10: workloads.training[0].tenant: unknown tenant 'alpah' (did you mean 'alpha'?); tenants: alpha, beta"],
                Errors(With("tenant: alpha", "tenant: alpah")));
        }

        [Fact]
        public void Requires_a_tenant_when_the_scenario_lists_tenants()
        {
            Assert.Equal(
                ["line 10: workloads.training[0].tenant: is required when the scenario lists tenants (alpha, beta)"],
                Errors(With("tenant: alpha, ", "")));
        }

        [Fact]
        public void Refuses_a_tenant_when_the_scenario_lists_none()
        {
            var yaml = Valid.Replace("tenants:\n  - { name: alpha, share: 0.5 }\n  - { name: beta, share: 0.5 }\n", "", StringComparison.Ordinal)
                .Replace("      tenant: beta\n", "", StringComparison.Ordinal);

            Assert.Equal(["line 7: workloads.training[0].tenant: unknown tenant 'alpha': the scenario lists no tenants"], Errors(yaml));
        }

        [Fact]
        public void Refuses_a_training_job_larger_than_its_site()
        {
            Assert.Equal(
                ["line 10: workloads.training[0].gpus: expected at most the 64 GPUs of site 'lab', found 65,536"],
                Errors(With("gpus: 64, tokens", "gpus: 65536, tokens")));
        }

        [Fact]
        public void Checks_a_jobs_gpus_against_its_site_even_when_the_sites_gpu_is_unknown()
        {
            Assert.Equal(
                [
                    "line 4: sites[0].gpus.type: unknown GPU 'h200-sxn'; close matches: h200-sxm, h100-sxm (or give the path of a YAML file describing it)",
                    "line 10: workloads.training[0].gpus: expected at most the 64 GPUs of site 'lab', found 65,536",
                ],
                Errors(With("gpus: 64, tokens", "gpus: 65536, tokens").Replace("h200-sxm", "h200-sxn", StringComparison.Ordinal)));
        }

        [Fact]
        public void Refuses_a_service_larger_than_its_site()
        {
            Assert.Equal(
                ["line 15: workloads.serving[0].gpus: expected at most the 64 GPUs of site 'lab', found 128"],
                Errors(With("model: llama3-8b", "model: llama3-8b\n      gpus: 128")));
        }

        [Fact]
        public void Requires_a_site_when_there_are_several_and_names_them_when_one_is_unknown()
        {
            var yaml = With("sites:\n", "sites:\n  - { name: other, gpus: { type: h100-sxm, count: 8 } }\n")
                .Replace("tokens: 1e12 }", "tokens: 1e12, site: lob }", StringComparison.Ordinal);

            Assert.Equal(
                [
                    "line 11: workloads.training[0].site: unknown site 'lob' (did you mean 'lab'?); sites: other, lab",
                    "line 13: workloads.serving[0].site: is required when the scenario has more than one site (other, lab)",
                ],
                Errors(yaml));
        }

        [Fact]
        public void Takes_the_gpu_type_from_the_system_and_checks_that_they_agree()
        {
            Assert.Equal(
                ["line 5: sites[0].gpus.type: expected 'h100-sxm', the GPU of system 'hgx-h100', found 'h200-sxm'"],
                Errors(With("    gpus:", "    system: hgx-h100\n    gpus:")));
        }

        [Fact]
        public void Requires_a_gpu_count_that_fills_whole_nodes_of_the_system()
        {
            Assert.Equal(
                ["line 5: sites[0].gpus.count: expected a multiple of 8 (the GPUs per node of system 'hgx-h200'), found 60"],
                Errors(With("    gpus: { type: h200-sxm, count: 64 }", "    system: hgx-h200\n    gpus: { type: h200-sxm, count: 60 }")));
        }

        [Fact]
        public void Lists_close_matches_for_an_unknown_system()
        {
            Assert.Equal(
                ["line 4: sites[0].system: unknown system 'hgx-h20'; close matches: hgx-h200, hgx-h100 (or give the path of a YAML file describing it)"],
                Errors(With("    gpus:", "    system: hgx-h20\n    gpus:")));
        }

        [Theory]
        [InlineData("{ kind: infiniband, switch: spectrum-x }", "line 5: sites[0].fabric.switch: expected a switch for kind infiniband, found 'spectrum-x', an ethernet switch")]
        [InlineData("{ kind: ethernet-rdma, switch: quantum-2 }", "line 5: sites[0].fabric.switch: expected a switch for kind ethernet-rdma, found 'quantum-2', an infiniband switch")]
        [InlineData("{ kind: infiniban }", "line 5: sites[0].fabric.kind: expected one of infiniband, ethernet-rdma, ethernet, found 'infiniban' (did you mean 'infiniband'?)")]
        [InlineData("{ topology: torus }", "line 5: sites[0].fabric.topology: expected one of fat-tree, rail-optimized-fat-tree, rail-only, found 'torus'")]
        [InlineData("{ oversubscription: 0.5 }", "line 5: sites[0].fabric.oversubscription: expected an oversubscription like 1 or 3:1 between 1 and 64, found '0.5'")]
        [InlineData("{ oversubscription: \"1:2\" }", "line 5: sites[0].fabric.oversubscription: expected an oversubscription between 1 and 64, like 1 or 3:1, found '1:2'")]
        public void Checks_the_fabric(string fabric, string message)
        {
            Assert.Equal([message], Errors(With("count: 64 }", $"count: 64 }}\n    fabric: {fabric}")));
        }

        [Theory]
        [InlineData("{ grid_mw: 0 }", "line 5: sites[0].power.grid_mw: expected a power above 0 (leave grid_mw out for no limit), found '0'")]
        [InlineData("{ grid_mw: -5 }", "line 5: sites[0].power.grid_mw: expected a number of MW at least 0, or a value with its unit, found '-5'")]
        [InlineData("{ grid_mw: .nan }", "line 5: sites[0].power.grid_mw: expected a power like 700W or 150MW, found '.nan'; a bare number means MW")]
        [InlineData("{ grid_mw: 150 parsecs }", "line 5: sites[0].power.grid_mw: expected a power like 700W or 150MW, found unknown unit 'parsecs' in '150 parsecs' (units: W, kW, MW, GW); a bare number means MW")]
        [InlineData("{ grid_mw: 1e400 }", "line 5: sites[0].power.grid_mw: expected a number of MW at least 0, or a value with its unit, found '1e400'")]
        [InlineData("{ grid_mw: 200GW }", "line 5: sites[0].power.grid_mw: expected at most 100GW, found '200GW'")]
        [InlineData("{ battery_mwh: 150MW }", "line 5: sites[0].power.battery_mwh: expected an energy like 150MWh or 3.5kWh, found unknown unit 'MW' in '150MW' (units: J, kJ, MJ, GJ, Wh, kWh, MWh, GWh, TWh); a bare number means MWh")]
        [InlineData("{ pue: 0.9 }", "line 5: sites[0].power.pue: expected a PUE (facility power / IT power) between 1 and 3, found '0.9'")]
        [InlineData("{ usd_per_kwh: $20 }", "line 5: sites[0].power.usd_per_kwh: expected a price per kWh between $0 and $10, found '$20'")]
        public void Checks_the_power_fields(string power, string message)
        {
            Assert.Equal([message], Errors(With("count: 64 }", $"count: 64 }}\n    power: {power}")));
        }

        [Theory]
        [InlineData("{ tp: 8, pp: 4, dp: 4 }", "line 10: workloads.training[0].parallelism: expected tp × pp × cp × dp to equal gpus (64), found 8 × 4 × 1 × 4 = 128")]
        [InlineData("{ tp: 8, pp: 3 }", "line 10: workloads.training[0].parallelism: expected tp × pp × cp (8 × 3 × 1 = 24) to divide gpus (64)")]
        [InlineData("{ tp: 32, pp: 2 }", "")]
        [InlineData("{ tp: 64 }", "")]
        [InlineData("{ tp: 4, pp: 16, ep: 2 }", "line 10: workloads.training[0].parallelism.ep: expected 1 for llama3-70b, a dense model, found 2")]
        [InlineData("{ tp: 0 }", "line 10: workloads.training[0].parallelism.tp: expected a whole number between 1 and 1,048,576, found '0'")]
        public void Checks_a_fixed_parallel_layout_against_the_gpus_and_the_model(string layout, string message)
        {
            var yaml = With("tokens: 1e12 }", $"tokens: 1e12, parallelism: {layout} }}");
            if (message.Length == 0)
            {
                var p = Load(yaml).Workloads.Training[0].Parallelism!;
                Assert.Equal(64, p.Gpus);
                return;
            }

            Assert.Equal([message], Errors(yaml));
        }

        [Theory]
        [InlineData("{ tp: 5, pp: 1, dp: 4 }", 20, "line 10: workloads.training[0].parallelism.tp: expected a divisor of the 48 attention heads of grok-1, found 5")]
        [InlineData("{ pp: 128, dp: 1 }", 128, "line 10: workloads.training[0].parallelism.pp: expected at most the 64 layers of grok-1, found 128")]
        [InlineData("{ tp: 8, ep: 3, dp: 3 }", 24, "line 10: workloads.training[0].parallelism.ep: expected a divisor of the 8 experts of grok-1, found 3")]
        [InlineData("{ tp: 8, ep: 4, dp: 2 }", 16, "line 10: workloads.training[0].parallelism.ep: expected a divisor of dp × cp (2), found 4")]
        public void Checks_a_layout_against_the_shape_of_a_mixture_of_experts_model(string layout, int gpus, string message)
        {
            var yaml = With("model: llama3-70b, gpus: 64, tokens: 1e12 }", $"model: grok-1, gpus: {gpus}, tokens: 1e12, parallelism: {layout} }}")
                .Replace("count: 64", "count: 128", StringComparison.Ordinal);

            Assert.Equal([message], Errors(yaml));
        }

        [Theory]
        [InlineData("{ trace: azure-conv-2023, rate: 10 }", "line 15: workloads.serving[0].traffic: expected either trace or rate, found both")]
        [InlineData("{ scale: 2 }", "line 15: workloads.serving[0].traffic: expected trace (a recorded trace) or rate and lengths (generated requests), found neither")]
        [InlineData("{ rate: 10 }", "line 15: workloads.serving[0].traffic.lengths: is required with rate")]
        [InlineData("{ trace: azure-conv-2023, lengths: { input: 1, output: 1 } }", "line 15: workloads.serving[0].traffic.lengths: is used only with rate: a trace has its own lengths and arrival times")]
        [InlineData("{ trace: azure-conv }", "line 15: workloads.serving[0].traffic.trace: unknown trace 'azure-conv'; close matches: azure-conv-2023 (or give the path of a trace file, CSV or JSON lines)")]
        [InlineData("{ trace: missing.csv }", "line 15: workloads.serving[0].traffic.trace: the trace file 'missing.csv' does not exist")]
        [InlineData("{ rate: 0, lengths: { input: 1, output: 1 } }", "line 15: workloads.serving[0].traffic.rate: expected a request rate like 20 (per second), 20/s or 1200/min, at most 1e9 per second and above 0, found '0'")]
        [InlineData("{ rate: 5/fortnight, lengths: { input: 1, output: 1 } }", "line 15: workloads.serving[0].traffic.rate: expected a request rate like 20 (per second), 20/s or 1200/min, at most 1e9 per second and above 0, found '5/fortnight'")]
        [InlineData("{ rate: 10, lengths: { input: 0, output: 1 } }", "line 15: workloads.serving[0].traffic.lengths.input: expected a token count between 1 and 10,000,000, found '0'")]
        [InlineData("{ rate: 10, lengths: { input: 1, output: 1 }, arrival: bursty }", "line 15: workloads.serving[0].traffic.arrival: expected one of poisson, constant, gamma, found 'bursty'")]
        [InlineData("{ trace: azure-conv-2023, scale: 0 }", "line 15: workloads.serving[0].traffic.scale: expected a scale factor above 0, found '0'")]
        [InlineData("{ trace: azure-conv-2023, diurnal: 0.5 }", "line 15: workloads.serving[0].traffic.diurnal: expected a peak-to-trough ratio of the rate over a day between 1 and 1,000, found '0.5'")]
        public void Checks_the_traffic(string traffic, string message)
        {
            Assert.Equal([message], Errors(With("traffic: { rate: 10, lengths: { input: 100, output: 10 } }", $"traffic: {traffic}")));
        }

        [Theory]
        [InlineData("{ }", "line 16: workloads.serving[0].slo: expected at least one target (ttft_p99 or tpot_p99), found none")]
        [InlineData("{ ttft_p99: 0s }", "line 16: workloads.serving[0].slo.ttft_p99: expected a duration above 0, found '0s'")]
        [InlineData("{ ttft_p99: 2 }", "line 16: workloads.serving[0].slo.ttft_p99: expected a duration like 2s, 150ms or 1.5h, found '2' without a unit")]
        [InlineData("{ ttft_p99: 2 parsecs }", "line 16: workloads.serving[0].slo.ttft_p99: expected a duration like 2s, 150ms or 1.5h, found unknown unit 'parsecs' in '2 parsecs' (units: ns, us, µs, μs, ms, s, sec, min, h, hr, d, day, days, w, y, yr, years)")]
        public void Checks_the_latency_targets(string slo, string message)
        {
            Assert.Equal([message], Errors(With("slo: { ttft_p99: 2s }", $"slo: {slo}")));
        }

        [Fact]
        public void Accepts_html_without_a_warning()
        {
            var result = Parse(Valid + "\nreport: { formats: [html] }\n");

            Assert.Empty(Messages(result));
            Assert.Equal([ReportFormat.Html], result.Scenario!.Report.Formats);
        }

        [Fact]
        public void Checks_the_report_formats_and_warns_about_repeats()
        {
            var result = Parse(Valid + "\nreport: { formats: [text, pdf, text] }\n");

            Assert.Equal(
                [
                    "line 17: report.formats[1]: expected one of text, html, json, found 'pdf'",
                    "line 17: warning: report.formats[2]: 'text' is listed twice",
                ],
                Messages(result));
        }

        [Fact]
        public void Adds_inline_catalog_entries_and_reports_their_problems_with_paths()
        {
            var yaml = """
                name: inline
                catalog:
                  gpus:
                    - { id: my-gpu, dense_bf16: 100TFLOPS, hbm_capacity: 10GB, hbm_bandwidth: 1TB/s, scale_up_bandwidth: 100GB/s, scale_up_domain: 4, tdp: 300W, price: $1k }
                    - { id: bad-gpu, dense_bf16: fast }
                sites: [ { name: a, gpus: { type: my-gpu, count: 4 } } ]
                """;
            var result = Parse(yaml);

            Assert.False(result.IsValid);
            Assert.Contains("line 5: catalog.gpus[1].dense_bf16: expected a compute rate like 989TFLOPS, found 'fast'", Messages(result));
            Assert.DoesNotContain(Messages(result), m => m.Contains("my-gpu", StringComparison.Ordinal));

            var fixedUp = Parse(yaml.Replace("    - { id: bad-gpu, dense_bf16: fast }\n", "", StringComparison.Ordinal));
            Assert.Equal([], Messages(fixedUp));
            Assert.Equal(100e12, fixedUp.Scenario!.Sites[0].Gpus.Type.DenseBf16.FlopsPerSecond);
            Assert.True(fixedUp.Scenario.Catalog.TryGetGpu("my-gpu", out _));
            Assert.False(TestCatalog.TryGetGpu("my-gpu", out _));
        }
    }

    public sealed class TheLoadFileMethod
    {
        [Fact]
        public void Resolves_model_and_gpu_files_relative_to_the_scenario()
        {
            using var dir = new TempDirectory();
            Directory.CreateDirectory(Path.Combine(dir.Path, "parts"));
            dir.Write("parts/tiny.yaml", "name: tiny\nlayers: 2\nhidden_size: 64\nattention_heads: 4\nffn_hidden_size: 256\nvocab_size: 1000\n");
            dir.Write("parts/gpu.yaml", "id: toy\ndense_bf16: 1TFLOPS\nhbm_capacity: 1GB\nhbm_bandwidth: 100GB/s\nscale_up_bandwidth: 10GB/s\nscale_up_domain: 2\ntdp: 50W\nprice: $100\n");
            var path = dir.Write("s.yaml", "name: files\nsites: [ { name: a, gpus: { type: parts/gpu.yaml, count: 2 } } ]\nworkloads:\n  training: [ { name: t, model: parts/tiny.yaml, gpus: 2, tokens: 1M } ]\n");

            var result = ScenarioLoader.LoadFile(path, TestCatalog);

            Assert.Equal([], Messages(result));
            Assert.Equal("toy", result.Scenario!.Sites[0].Gpus.Type.Id);
            Assert.Equal("tiny", result.Scenario.Workloads.Training[0].Model.Name);
            Assert.Equal(path, result.Scenario.SourcePath);
        }

        [Fact]
        public void Reports_problems_inside_a_referenced_file_against_that_file()
        {
            using var dir = new TempDirectory();
            var model = dir.Write("broken.yaml", "name: broken\nlayers: many\n");
            var path = dir.Write("s.yaml", "name: files\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads:\n  training: [ { name: t, model: broken.yaml, gpus: 8, tokens: 1M } ]\n");

            var result = ScenarioLoader.LoadFile(path, TestCatalog);

            Assert.False(result.IsValid);
            Assert.Contains($"{model}:2: layers: expected a whole number, found 'many'", Messages(result));
            Assert.All(result.Problems, p => Assert.Equal(model, p.File));
        }

        [Fact]
        public void Reports_a_missing_model_file_with_the_line_that_names_it()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("s.yaml", "name: files\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads:\n  training: [ { name: t, model: nope.yaml, gpus: 8, tokens: 1M } ]\n");

            var result = ScenarioLoader.LoadFile(path, TestCatalog);

            Assert.Equal([$"{Path.Combine(dir.Path, "nope.yaml")}: the file does not exist"], Messages(result));
        }

        [Fact]
        public void Finds_a_trace_file_relative_to_the_scenario()
        {
            using var dir = new TempDirectory();
            var trace = dir.Write("trace.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n");
            var path = dir.Write("s.yaml", "name: t\nsites: [ { name: a, gpus: { type: h100-sxm, count: 8 } } ]\nworkloads:\n  serving: [ { name: s, model: llama3-8b, traffic: { trace: trace.csv } } ]\n");

            var result = ScenarioLoader.LoadFile(path, TestCatalog);

            Assert.Equal([], Messages(result));
            Assert.Equal(trace, result.Scenario!.Workloads.Serving[0].Traffic.Trace);
        }

        [Fact]
        public void Reports_an_unusable_file_without_a_scenario()
        {
            using var dir = new TempDirectory();
            var path = dir.Write("empty.yaml", "");

            var result = ScenarioLoader.LoadFile(path);

            Assert.False(result.IsValid);
            Assert.Equal([$"{path}: the document is empty"], Messages(result));
        }

        [Fact]
        public void Loads_every_shipped_scenario_with_the_built_in_catalog_without_problems()
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "scenarios"), "*.yaml"))
            {
                var text = File.ReadAllText(file);
                if (!text.Contains("$schema=", StringComparison.Ordinal))
                {
                    continue; // a catalog entry (scenarios/models/...), not a scenario
                }

                var result = ScenarioLoader.LoadFile(file, ColossimCatalog.BuiltIn);
                Assert.True(result.Problems.Count == 0, $"{file}: {string.Join("; ", result.Problems)}");
            }
        }
    }

    public sealed class TheServingSearchKey
    {
        private const string Searched = SearchedScenario.Yaml;

        private static ScenarioLoadResult Bind(string yaml, string? baseDirectory = null) => ScenarioLoader.Parse(yaml, ColossimCatalog.BuiltIn, baseDirectory);

        private static DeploymentObjective? ObjectiveOf(string yaml)
        {
            var result = Bind(yaml);
            Assert.Equal([], Messages(result));
            return result.Scenario!.Workloads.Serving[0].Search;
        }

        [Theory]
        [InlineData("search: true", "", DeploymentObjective.Throughput)]
        [InlineData("search: true", "slo: { ttft_p99: 2s }", DeploymentObjective.Cheapest)]
        [InlineData("search: throughput", "", DeploymentObjective.Throughput)]
        [InlineData("search: max-rate", "slo: { tpot_p99: 100ms }", DeploymentObjective.MaxRate)]
        [InlineData("search: Cheapest", "slo: { ttft_p99: 2s, tpot_p99: 100ms }", DeploymentObjective.Cheapest)]
        public void Takes_true_as_the_CLIs_objective_or_an_objective_by_name(string search, string slo, DeploymentObjective expected)
        {
            var yaml = Searched.Replace("search: true", search, StringComparison.Ordinal) + (slo.Length > 0 ? "\n      " + slo : "");

            Assert.Equal(expected, ObjectiveOf(yaml));
        }

        [Theory]
        [InlineData("search: false")]
        [InlineData("search: ~")]
        public void Leaves_a_workload_unsearched_with_false_or_nothing(string search)
        {
            Assert.Null(ObjectiveOf(Searched.Replace("search: true", search, StringComparison.Ordinal)));
            Assert.Null(ObjectiveOf(Searched.Replace("\n      search: true", "", StringComparison.Ordinal)));
        }

        [Theory]
        [InlineData("search: fastest", "", "line 10: workloads.serving[0].search: expected true, false or an objective (throughput, max-rate, cheapest), found 'fastest'")]
        [InlineData("search: [ true ]", "", "line 10: workloads.serving[0].search: expected true, false or an objective (throughput, max-rate, cheapest), found a list")]
        [InlineData("search: throughput", "slo: { ttft_p99: 2s }", "line 10: workloads.serving[0].search: throughput ranks deployments by output tokens/s, without SLOs; with the workload's slo give search: max-rate (the highest rate meeting it) or cheapest (the cheapest deployment carrying the traffic's rate), or no slo")]
        [InlineData("search: max-rate", "", "line 10: workloads.serving[0].search: max-rate needs targets to meet: give the workload an slo (ttft_p99, tpot_p99 or both), or search: throughput")]
        [InlineData("search: cheapest", "", "line 10: workloads.serving[0].search: cheapest needs targets to meet: give the workload an slo (ttft_p99, tpot_p99 or both), or search: throughput")]
        [InlineData("search: true", "disaggregation: { prefill: 1, decode: 1 }", "line 10: workloads.serving[0].search: searches deployments of colocated replicas; give it without disaggregation")]
        public void Refuses_what_serve_search_refuses_with_the_path(string search, string extra, string message)
        {
            var yaml = Searched.Replace("search: true", search, StringComparison.Ordinal) + (extra.Length > 0 ? "\n      " + extra : "");

            Assert.Equal([message], ErrorsOf(Bind(yaml)));
        }

        [Fact]
        public void Refuses_ep_given_with_search()
        {
            var yaml = Searched.Replace("llama3-8b", "mixtral-8x7b", StringComparison.Ordinal) + "\n      ep: 2";

            Assert.Equal(["line 11: workloads.serving[0].ep: search chooses the deployment (tp, ep, pp, replicas, scheduler); give ep without search, or search without ep"], ErrorsOf(Bind(yaml)));
        }

        [Theory]
        [InlineData("tp: 2", "tp", " (did you mean 'ep'?)")]
        [InlineData("pp: 2", "pp", " (did you mean 'ep'?)")]
        [InlineData("scheduler: static", "scheduler", "")]
        public void Refuses_tp_pp_or_scheduler_given_with_search_which_a_workload_does_not_take(string extra, string key, string hint)
        {
            var result = Bind(Searched + "\n      " + extra);

            Assert.False(result.IsValid);
            Assert.Equal(
                [$"line 11: workloads.serving[0].{key}: search chooses the deployment (tp, ep, pp, replicas, scheduler); give {key} without search, or search without {key}",
                    $"line 11: warning: workloads.serving[0].{key}: unknown key '{key}' is ignored{hint}"],
                Messages(result));
        }

        [Fact]
        public void Refuses_a_trace_file_and_takes_a_known_trace_as_its_generated_stand_in()
        {
            var dir = Path.Combine(Path.GetTempPath(), $"colossim-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "t.csv"), "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,100,10\n");
                var file = Searched.Replace("traffic: { rate: 3, lengths: { input: 200, output: 20 } }", "traffic: { trace: t.csv }", StringComparison.Ordinal);
                var known = Searched.Replace("traffic: { rate: 3, lengths: { input: 200, output: 20 } }", "traffic: { trace: azure-conv-2023 }", StringComparison.Ordinal);

                Assert.Equal(["line 10: workloads.serving[0].search: searches deployments for generated traffic; give it without a trace file (traffic with rate and lengths, or a known trace id)"], ErrorsOf(Bind(file, dir)));
                Assert.Equal(DeploymentObjective.Throughput, ObjectiveOf(known));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static string[] ErrorsOf(ScenarioLoadResult result)
        {
            Assert.False(result.IsValid);
            return Messages(result);
        }
    }
}
