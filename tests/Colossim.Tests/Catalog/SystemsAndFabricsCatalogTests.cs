using Colossim.Catalog;
using Colossim.Documents;

namespace Colossim.Tests.Catalog;

/// <summary>The built-in systems and fabrics (data/catalog/systems.yaml, fabrics.yaml) and their optional fields.</summary>
public sealed class SystemsAndFabricsCatalogTests
{
    public sealed class TheBuiltInCatalog
    {
        [Fact]
        public void Has_the_three_fabric_families()
        {
            var fabrics = ColossimCatalog.BuiltIn.Fabrics;

            Assert.Equal(64, fabrics["infiniband-ndr"].Radix);
            Assert.Equal(144, fabrics["infiniband-xdr"].Radix);
            Assert.Equal("ethernet", fabrics["spectrum-x"].Kind);
            Assert.Equal(4, fabrics["spectrum-x"].MaxBreakout);
            Assert.Equal(2, fabrics["infiniband-ndr"].PortsPerTransceiver);
        }

        [Fact]
        public void Gives_a_source_for_every_figure_of_every_system_and_fabric()
        {
            foreach (var system in ColossimCatalog.BuiltIn.Systems.Values)
            {
                foreach (var key in new[] { "gpus_per_node", "gpus_per_rack", "node_power", "nics_per_gpu", "nic_bandwidth", "node_price" })
                {
                    Assert.True(system.Sources.ContainsKey(key), $"{system.Id} has no source for {key}");
                }
            }

            foreach (var fabric in ColossimCatalog.BuiltIn.Fabrics.Values)
            {
                foreach (var key in new[] { "radix", "port_bandwidth", "switch_power", "switch_price", "transceiver_price", "transceiver_power" })
                {
                    Assert.True(fabric.Sources.ContainsKey(key), $"{fabric.Id} has no source for {key}");
                }
            }
        }

        [Fact]
        public void Prices_every_system_above_its_GPUs_so_the_rest_of_the_server_costs_something()
        {
            // The planner splits a node's price into its GPUs (GPU price x GPUs per node) and the rest ("servers"); a GPU
            // price that already covers the node would leave the rest at $0 (the GB200/GB300 clash this test guards).
            var catalog = ColossimCatalog.BuiltIn;
            foreach (var system in catalog.Systems.Values)
            {
                var gpus = catalog.Gpus[system.Gpu].Price * system.GpusPerNode;

                Assert.True(gpus < system.NodePrice, $"{system.Id}: {system.GpusPerNode} x {system.Gpu} cost {gpus.ToDisplayString()}, not less than the node's {system.NodePrice.ToDisplayString()}");
            }
        }

        [Fact]
        public void Reads_the_scalable_unit_of_a_dgx()
        {
            var dgx = ColossimCatalog.BuiltIn.Systems["dgx-h200"];

            Assert.Equal(256, dgx.ScalableUnitGpus);
            Assert.Equal(10_200, dgx.NodePower.Value, 1e-9);
        }
    }

    public sealed class TheReadSystemMethod
    {
        [Fact]
        public void Rejects_a_cooling_it_does_not_know()
        {
            var problems = new Problems();
            var root = DocReader.Parse("""
                systems:
                  - { id: s, gpu: h200-sxm, gpus_per_node: 8, gpus_per_rack: 32, node_power: 10kW, nics_per_gpu: 1,
                      nic_bandwidth: 400Gb/s, scale_up_domain: 8, node_price: $300k, cooling: water }
                """, problems)!;

            ColossimCatalog.BuiltIn.WithDocument(root, problems);

            Assert.Equal("line 3: systems[0].cooling: expected one of air, liquid, found 'water'", Assert.Single(problems).ToString());
        }
    }
}
