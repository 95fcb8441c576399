using System.Text;
using System.Text.Json;
using Colossim.Tests.Runs;
using Colossim.Tests.Scenarios;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Colossim.Tests.Web;

/// <summary>
/// A headless Chromium and a real dashboard on a random loopback port, shared by the page tests. Debian's
/// <c>chromium</c> and <c>chromium-driver</c> (<c>/usr/bin/chromium</c>, <c>/usr/bin/chromedriver</c>; other paths with
/// <c>COLOSSIM_CHROMIUM</c> and <c>COLOSSIM_CHROMEDRIVER</c>). Without them the tests skip with the reason, except with
/// <c>CI=true</c>, where they fail: CI installs them (.ci/run).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string Chromium = Environment.GetEnvironmentVariable("COLOSSIM_CHROMIUM") ?? "/usr/bin/chromium";

    public static readonly string ChromeDriverPath = Environment.GetEnvironmentVariable("COLOSSIM_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    public LiveDashboard Web { get; private set; } = null!;

    public ChromeDriver? Driver { get; private set; }

    /// <summary>Why the browser is missing, or null.</summary>
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        Web = await LiveDashboard.StartAsync(workers: 1, queue: 8);
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriverPath))
        {
            Missing = $"no headless browser: {Chromium} or {ChromeDriverPath} is missing (apt-get install chromium chromium-driver)";
            return;
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000", "--force-device-scale-factor=1", "--lang=en-US");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        await Web.DisposeAsync();
    }
}

/// <summary>The dashboard's page in a real browser: what a person does with it.</summary>
public sealed class DashboardPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private ChromeDriver Driver
    {
        get
        {
            if (browser.Missing is { } why)
            {
                Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"CI=true but {why}");
                Skip.If(true, why);
            }

            return browser.Driver!;
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Polls until what returns a value (not null, not false), or fails with a description of what was awaited.
    private static T Until<T>(Func<T?> what, string awaited)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (what() is { } value && value is not false)
                {
                    return value;
                }
            }
            catch (WebDriverException) when (DateTime.UtcNow < deadline)
            {
                // Not there yet (a stale or missing element).
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"waited {Patience.TotalSeconds} s for {awaited}");
            }

            Thread.Sleep(50);
        }
    }

    private IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    private void Open()
    {
        Driver.Navigate().GoToUrl(browser.Web.BaseAddress);
        Until(() => Find("#check-state").Text.StartsWith("valid:", StringComparison.Ordinal), "the example to be checked valid");
    }

    private void Type(string text)
    {
        Driver.ExecuteScript("const e = document.getElementById('scenario'); e.value = arguments[0]; e.dispatchEvent(new Event('input'));", text);
    }

    private void Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("COLOSSIM_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            Driver.GetScreenshot().SaveAsFile(Path.Combine(folder, $"web-{name}.png"));
        }
    }

    [SkippableFact]
    public void Opens_with_the_example_scenario_checked_valid()
    {
        Open();

        Assert.Equal("valid: 1 site(s), 8 GPUs, 2 workload(s)", Find("#check-state").Text);
        Assert.Contains("name: single-node-h200", Find("#scenario").GetDomProperty("value"), StringComparison.Ordinal);
        Assert.Equal("none", Find("#problems li").Text);
        Screenshot("scenario");
    }

    [SkippableFact]
    public void Shows_a_validation_error_at_its_path_and_line()
    {
        Open();
        var text = File.ReadAllText(ScenarioFiles.Scenario("single-node-h200.yaml")).Replace("ttft_p99: 1s", "ttft_p99: soon", StringComparison.Ordinal);

        Type(text);
        var problem = Until(() => Driver.FindElements(By.CssSelector("#problems li.error")).FirstOrDefault(), "the error in the list");

        Assert.Equal("workloads.serving[0].slo.ttft_p99", problem.GetDomAttribute("data-path"));
        Assert.Contains("line 19", problem.Text, StringComparison.Ordinal);
        Assert.StartsWith("invalid: 1 error(s)", Find("#check-state").Text, StringComparison.Ordinal);
        Assert.Equal("19", Find("#backdrop mark.problem-line.error").GetDomAttribute("data-line"));
        Assert.Equal("bad", Driver.FindElements(By.CssSelector("#gutter div"))[18].GetDomAttribute("class"));
        problem.Click();
        Assert.Equal("19", Find("#backdrop mark.selected").GetDomAttribute("data-line"));
        Screenshot("validation");
    }

    [SkippableFact]
    public void Runs_the_scenario_with_progress_and_shows_its_report()
    {
        Open();

        Find("#run").Click();
        Until(() => Find("#status").GetDomAttribute("class")!.Contains("succeeded", StringComparison.Ordinal) || Find("#status").GetDomAttribute("class")!.Contains("failed", StringComparison.Ordinal), "the run to end");

        Assert.StartsWith("single-node-h200: succeeded in ", Find("#status").Text, StringComparison.Ordinal);
        Assert.Equal("width: 100%;", Find("#progress").GetDomAttribute("style"));
        // The page followed the run through its event stream, not by polling.
        Assert.Equal("events", Find("#status").GetDomAttribute("data-via"));
        var frame = Find("#report-frame");
        if (frame.Displayed)
        {
            // An HTML report (the reports' page): it draws charts.
            Driver.SwitchTo().Frame(frame);
            Until(() => Driver.FindElements(By.CssSelector("svg, canvas")).Count > 0, "a chart in the HTML report");
            Driver.SwitchTo().DefaultContent();
        }
        else
        {
            var report = Until(() => Find("#report-text") is { Displayed: true } e && e.Text.Length > 0 ? e : null, "the text report");
            Assert.StartsWith("single-node-h200 (seed 1)", report.Text, StringComparison.Ordinal);
            Assert.Contains("Platform", report.Text, StringComparison.Ordinal);
        }

        Screenshot("report");
    }

    [SkippableFact]
    public async Task Compares_two_runs_with_the_figures_that_changed_and_the_inputs_that_differ()
    {
        _ = Driver;
        var ids = new List<string>();
        foreach (var count in new[] { 8, 16 })
        {
            using var content = new StringContent(ScenarioSubmissionTests.Tiny.Replace("count: 8", $"count: {count}", StringComparison.Ordinal), Encoding.UTF8, "application/yaml");
            using var posted = await browser.Web.Client.PostAsync("/api/runs", content);
            var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            await browser.Web.WaitForAsync(id);
            ids.Add(id);
        }

        Open();
        Find("#tabs button[data-tab='compare']").Click();
        Until(() => Driver.FindElements(By.CssSelector($"#compare-a option[value='{ids[0]}']")).Count > 0, "the runs in the lists");
        Driver.ExecuteScript("document.getElementById('compare-a').value = arguments[0]; document.getElementById('compare-b').value = arguments[1];", ids[0], ids[1]);
        Find("#compare").Click();
        var rows = Until(() => Driver.FindElements(By.CssSelector("#compare-table tbody tr.differs")) is { Count: > 0 } r ? r : null, "the differences");

        Assert.Contains(rows, r => r.Text.StartsWith("build GPUs 8 16 +8 +100.0% more", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetDomAttribute("class")!.Contains("worse", StringComparison.Ordinal) && r.Text.StartsWith("build capex", StringComparison.Ordinal));
        var input = Assert.Single(Driver.FindElements(By.CssSelector("#compare-inputs tbody tr.differs")));
        Assert.Equal("platform.sites[lab].gpus 8 16", input.Text);
        Assert.Contains("differ", Find("#compare-state").Text, StringComparison.Ordinal);
        Screenshot("compare");
    }

    [SkippableFact]
    public void Browses_the_catalog()
    {
        Open();

        Find("#tabs button[data-tab='catalog']").Click();
        var table = Until(() => Driver.FindElements(By.CssSelector("#catalog-gpus")).FirstOrDefault(), "the GPU table");

        Assert.Contains(table.FindElements(By.CssSelector("tbody tr")), r => r.Text.StartsWith("h200-sxm ", StringComparison.Ordinal));
        Screenshot("catalog");
    }

    [SkippableFact]
    public void Lists_the_history()
    {
        Open();

        Find("#tabs button[data-tab='runs']").Click();

        Until(() => Driver.FindElements(By.CssSelector("#runs-table tbody tr")).Count > 0 || browser.Web.Store.Count() == 0, "the runs");
        Assert.Equal(browser.Web.Store.List().Count, Driver.FindElements(By.CssSelector("#runs-table tbody tr")).Count);
    }
}
