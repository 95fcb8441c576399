using System.CommandLine;
using Colossim.Documents;
using Colossim.Facility;
using Colossim.Reports;

namespace Colossim.Cli.Commands;

/// <summary><c>colossim plan</c>: what a budget, a power envelope or a GPU count buys (Build).</summary>
internal static class PlanCommand
{

    public static Command Create(CliContext context)
    {
        var command = new Command("plan", """
            Build: what a budget, a power envelope or a GPU count buys. Sizes the cluster (GPUs, nodes or NVL72 racks,
            scalable units, rows, buildings, sites), its fat tree (tiers, switches, optics, bandwidth per GPU; rail-optimised
            unless --topology says otherwise), its power (IT and facility, cooling) and its money (capex by category, opex per year, TCO, and $/GPU-hour
            from capex annualised at a cost of capital plus opex).
            Every assumption and its source is in data/facility/defaults.yaml and the catalog.

            Examples:
              colossim plan --budget-usd 30B --gpu gb200
              colossim plan --gpus 100000 --gpu h100-sxm --system hgx-h100 --fabric ethernet
              colossim plan --power-mw 150 --gpu h200-sxm --pue 1.3 --format json
            """);
        // Created per command tree (a symbol records its parents: sharing one across trees built in parallel would race);
        // read back by name.
        Option[] options =
        [
            new Option<string>(PlanRequest.Names.Budget) { Description = "Capex to spend: $30B, 30e9, $2.5M", HelpName = "USD" },
            new Option<string>(PlanRequest.Names.Power) { Description = "Facility power envelope in MW at nameplate (IT x PUE)", HelpName = "MW" },
            new Option<string>(PlanRequest.Names.Gpus) { Description = "GPU count: 100000, 100k (rounded up to whole nodes or racks)", HelpName = "N" },
            new Option<string>(PlanRequest.Names.Gpu) { Description = "GPU: a catalog id (h100-sxm, gb200) or a YAML file", HelpName = "GPU" },
            new Option<string>(PlanRequest.Names.System) { Description = "System holding the GPUs: a catalog id (dgx-h100, gb200-nvl72) or a YAML file; default: the first catalog system holding the GPU", HelpName = "SYSTEM" },
            new Option<string>(PlanRequest.Names.Fabric) { Description = "Scale-out fabric: infiniband, ethernet, a catalog id or a YAML file", HelpName = "infiniband|ethernet", DefaultValueFactory = _ => "infiniband" },
            new Option<string>(PlanRequest.Names.Pue) { Description = "Power usage effectiveness, 1-3; default from data/facility/defaults.yaml (1.2)", HelpName = "PUE" },
            new Option<string>(PlanRequest.Names.Price) { Description = "Electricity price; default 0.08", HelpName = "USD" },
            new Option<string>(PlanRequest.Names.Years) { Description = "Years of ownership for the TCO; default 5", HelpName = "YEARS" },
            new Option<string>(PlanRequest.Names.Utilization) { Description = "Share of GPU-hours used, for the cost per GPU-hour (0-1]; default 0.8", HelpName = "U" },
            new Option<string>(PlanRequest.Names.Topology) { Description = "How NICs are wired: rail-optimized-fat-tree (default; DGX SuperPOD), fat-tree (top-of-rack leaves), rail-only (one tree per rail, no tier across rails; Wang et al. 2023)", HelpName = "TOPOLOGY" },
            new Option<string>(PlanRequest.Names.Wacc) { Description = "Cost of capital per year, 0-0.5, for annualising capex in the cost per GPU-hour; default 0.08", HelpName = "RATE" },
            new Option<string>(PlanRequest.Names.Grid) { Description = "Grid connection available, MW: a warning when the facility needs more than it plus on-site generation and batteries", HelpName = "MW" },
            new Option<string>(PlanRequest.Names.Oversubscription) { Description = "Oversubscription above a pod (1 = non-blocking; Meta: 7)", HelpName = "R" },
            new Option<string>(PlanRequest.Names.BatteryEnergy) { Description = "Battery capacity on site, MWh", HelpName = "MWH" },
            new Option<string>(PlanRequest.Names.BatteryPower) { Description = "Battery power, MW (needs --battery-mwh); default capacity x 0.487 (a 2-hour Megapack)", HelpName = "MW" },
            new Option<string>(PlanRequest.Names.Onsite) { Description = "On-site generation (gas turbines), MW: capex per MW and fuel per kWh from data/facility/defaults.yaml", HelpName = "MW" },
            new Option<string>(PlanRequest.Names.SiteMax) { Description = "Facility power of one site at most, MW; default 1200", HelpName = "MW" },
            new Option<string>(PlanRequest.Names.Defaults) { Description = "A file in the shape of data/facility/defaults.yaml whose values replace the built-in assumptions", HelpName = "FILE" },
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var problems = new Problems();
            var request = new PlanRequest
            {
                BudgetUsd = parse.GetValue<string>(PlanRequest.Names.Budget),
                PowerMw = parse.GetValue<string>(PlanRequest.Names.Power),
                Gpus = parse.GetValue<string>(PlanRequest.Names.Gpus),
                Gpu = parse.GetValue<string>(PlanRequest.Names.Gpu),
                System = parse.GetValue<string>(PlanRequest.Names.System),
                Fabric = parse.GetValue<string>(PlanRequest.Names.Fabric) ?? "infiniband",
                Topology = parse.GetValue<string>(PlanRequest.Names.Topology),
                Pue = parse.GetValue<string>(PlanRequest.Names.Pue),
                UsdPerKwh = parse.GetValue<string>(PlanRequest.Names.Price),
                Years = parse.GetValue<string>(PlanRequest.Names.Years),
                Utilization = parse.GetValue<string>(PlanRequest.Names.Utilization),
                Wacc = parse.GetValue<string>(PlanRequest.Names.Wacc),
                Oversubscription = parse.GetValue<string>(PlanRequest.Names.Oversubscription),
                BatteryMwh = parse.GetValue<string>(PlanRequest.Names.BatteryEnergy),
                BatteryMw = parse.GetValue<string>(PlanRequest.Names.BatteryPower),
                OnsiteMw = parse.GetValue<string>(PlanRequest.Names.Onsite),
                GridMw = parse.GetValue<string>(PlanRequest.Names.Grid),
                SiteMaxMw = parse.GetValue<string>(PlanRequest.Names.SiteMax),
                DefaultsFile = parse.GetValue<string>(PlanRequest.Names.Defaults),
            };
            var plan = request.Plan(CliContext.Catalog(parse), problems);
            if (context.Report(problems) != ExitCodes.Ok || plan is null)
            {
                return ExitCodes.BadInput;
            }

            if (CliContext.Format(parse) == OutputFormat.Json)
            {
                context.WriteJson(PlanReport.Json(plan));
            }
            else
            {
                ReportRenderer.Write(context.Console, PlanReport.Blocks(plan));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
