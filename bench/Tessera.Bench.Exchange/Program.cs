// Measures Tessera's token exchange on this machine against its own cryptographic ceiling, all in one run (the
// machines are noisy, so every figure is compared with a baseline measured minutes apart, not with a constant).
// The server gets core 0, wrk core 1. Usage: dotnet run -c Release --project bench/Tessera.Bench.Exchange
//   [-- --warmup SECONDS (120) --duration SECONDS (30) --assertions N (3000) --fillers N (10000) --main-only]
// --main-only skips (f) and (g), for a quicker comparison of (a) to (e) and (h) while working on the hot path.
// Every server is warmed up as long as the first, so (f) and (g) compare with (b) at the same stage of tiered JIT.
using System.Globalization;
using System.Reflection;
using Tessera.Bench.Exchange;

var options = Options.Parse(args);
Tools.EnsureWrk();
var work = Directory.CreateTempSubdirectory("tessera-bench-").FullName;
var script = Path.Combine(work, "exchange.lua");
await using (var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("exchange.lua")!)
await using (var file = File.Create(script))
{
    await resource.CopyToAsync(file);
}

Console.WriteLine("Publishing tessera (Release, ReadyToRun)...");
var root = FindRoot();
var published = Path.Combine(work, "tessera");
Tools.Run("dotnet", "publish", Path.Combine(root, "src", "Tessera.Cli", "Tessera.Cli.csproj"), "-c", "Release", "-r", "linux-x64",
    "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", published, "-nologo", "-v", "q");
var tessera = Path.Combine(published, "tessera.dll");

var report = new Report();
Console.WriteLine("(a) Measuring the crypto limit on one core...");
var cryptoLimit = CryptoLimit.PairsPerSecond(TimeSpan.FromSeconds(5));
report.Add("(a) crypto limit: RS256 verify + RS256 sign per second, one core", $"{cryptoLimit:N0}/s", "", "");

var main = await MeasureAsync("main", tessera, work, script, options, report, cryptoLimit, firstRun: true);
if (!options.MainOnly)
{
    await MeasureFillersAsync(tessera, work, script, options, report, main);
    await MeasureEs256Async(tessera, work, script, options, report, main);
}

Console.WriteLine();
Console.WriteLine($"Tessera exchange benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
    $"(server on core 0, wrk on core 1), warm-up {options.Warmup} s, runs of {options.Duration} s");
report.Print();
Directory.Delete(work, recursive: true);
return report.AllMet ? 0 : 1;

static async Task<double> MeasureAsync(
    string name, string tessera, string work, string script, Options options, Report report, double cryptoLimit, bool firstRun)
{
    var folder = Path.Combine(work, name);
    var port = Scenario.FreePort();
    Scenario scenario;
    using (var setup = ServerProcess.Start(tessera, folder, port))
    {
        await setup.WaitReadyAsync();
        Console.WriteLine($"Minting {options.Assertions} workload tokens...");
        scenario = await Scenario.CreateAsync(setup, options.Assertions);
    }

    using var server = ServerProcess.Start(tessera, folder, port);
    var toFirst = await FirstExchangeAsync(server, scenario);
    report.Add("(e) process start to first successful exchange", $"{toFirst.TotalSeconds:0.00} s", "< 2 s", Check(toFirst.TotalSeconds < 2));

    Console.WriteLine($"(h) Load in the first {options.Duration} s after start...");
    var cold = Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Duration, 16);
    Console.WriteLine($"Warming up for {options.Warmup} s...");
    Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Warmup, 16);
    Console.WriteLine("(b) Steady-state load...");
    var steady = Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Duration, 16);
    report.Add("(b) exchanges per second, HTTPS keep-alive, 16 connections", $"{steady.PerSecond:N0}/s", ">= 70% of (a)",
        Ratio(steady.PerSecond, cryptoLimit, 0.70));
    report.Add("    answers other than 200 (errors)", $"{steady.NonOk + cold.NonOk} ({steady.Errors + cold.Errors})", "0",
        Check(steady.NonOk + cold.NonOk + steady.Errors + cold.Errors == 0));

    Console.WriteLine("(c) Latency at half of saturation...");
    const int connections = 8;
    // Each connection pauses between an answer and its next request; the pause is its share of the target rate
    // less the time an exchange itself takes.
    var delayMs = Math.Max(0, connections * 1000.0 / (steady.PerSecond / 2) - 1000.0 / steady.PerSecond);
    var half = Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Duration, connections, delayMs);
    report.Add($"(c) latency at {half.PerSecond:N0}/s (half of (b)), p50 / p99", $"{half.P50Ms:0.00} / {half.P99Ms:0.00} ms",
        "p99 < 10 ms", Check(half.P99Ms < 10));
    report.Add("(d) peak resident memory of the server", $"{Tools.PeakRssMb(server.Pid):0} MB", "< 200 MB",
        Check(Tools.PeakRssMb(server.Pid) < 200));
    report.Add($"(h) exchanges per second in the first {options.Duration} s after start", $"{cold.PerSecond:N0}/s", ">= 80% of (b)",
        Ratio(cold.PerSecond, steady.PerSecond, 0.80));
    return steady.PerSecond;
}

static async Task MeasureFillersAsync(string tessera, string work, string script, Options options, Report report, double baseline)
{
    var folder = Path.Combine(work, "fillers");
    var port = Scenario.FreePort();
    Scenario scenario;
    using (var setup = ServerProcess.Start(tessera, folder, port))
    {
        await setup.WaitReadyAsync();
        scenario = await Scenario.CreateAsync(setup, options.Assertions);
    }

    Console.WriteLine($"(f) Adding {options.Fillers:N0} identities of 20 credentials each...");
    scenario.Populate(Path.Combine(folder, "tessera.db"), options.Fillers);
    using var server = ServerProcess.Start(tessera, folder, port);
    await FirstExchangeAsync(server, scenario);
    Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Warmup, 16);
    var loaded = Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Duration, 16);
    report.Add($"(f) exchanges per second with {options.Fillers:N0} more identities x 20 credentials",
        $"{loaded.PerSecond:N0}/s", ">= 90% of (b)", Ratio(loaded.PerSecond, baseline, 0.90) + NonOk(loaded));
}

static async Task MeasureEs256Async(string tessera, string work, string script, Options options, Report report, double baseline)
{
    var folder = Path.Combine(work, "es256");
    var port = Scenario.FreePort();
    Scenario scenario;
    using (var setup = ServerProcess.Start(tessera, folder, port, "--access-token-algorithm", "ES256"))
    {
        await setup.WaitReadyAsync();
        scenario = await Scenario.CreateAsync(setup, options.Assertions);
    }

    using var server = ServerProcess.Start(tessera, folder, port, "--access-token-algorithm", "ES256");
    await FirstExchangeAsync(server, scenario);
    Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Warmup, 16);
    var es256 = Tools.Wrk(scenario.TokenUrl(server), scenario.BodiesFile, script, options.Duration, 16);
    var limit = CryptoLimit.PairsPerSecond(TimeSpan.FromSeconds(5), "ES256");
    report.Add("(g) crypto limit with ES256 access tokens (RS256 verify + ES256 sign)", $"{limit:N0}/s", "", "");
    report.Add("(g) exchanges per second with ES256 access tokens", $"{es256.PerSecond:N0}/s", "vs (b), and its limit",
        $"{es256.PerSecond / baseline:P0} of (b), {es256.PerSecond / limit:P0} of its limit" + NonOk(es256));
}

// Time from the server process's start until a token request first succeeds.
static async Task<TimeSpan> FirstExchangeAsync(ServerProcess server, Scenario scenario)
{
    var body = File.ReadLines(scenario.BodiesFile).First();
    using var http = new HttpClient(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });
    var last = "no answer";
    while (DateTime.Now - server.StartedAt < TimeSpan.FromSeconds(60))
    {
        try
        {
            using var response = await http.PostAsync(scenario.TokenUrl(server),
                new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
            if (response.IsSuccessStatusCode)
            {
                return DateTime.Now - server.StartedAt;
            }

            last = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException ex)
        {
            last = ex.Message;
        }

        await Task.Delay(10);
    }

    throw new InvalidOperationException($"No exchange succeeded within 60 s of start; the last answer: {last}");
}

static string Ratio(double value, double baseline, double goal) =>
    $"{value / baseline:P0} {(value / baseline >= goal ? "met" : "NOT MET")}";

static string Check(bool met) => met ? "met" : "NOT MET";

static string NonOk(LoadResult result) => result.NonOk + result.Errors == 0 ? "" : $" ({result.NonOk + result.Errors} not 200!)";

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tessera.slnx")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository.");
}

internal sealed record Options(int Warmup, int Duration, int Assertions, int Fillers, bool MainOnly)
{
    public static Options Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new Options(Value("--warmup", 120), Value("--duration", 30), Value("--assertions", 3000), Value("--fillers", 10_000),
            args.Contains("--main-only"));
    }
}

internal sealed class Report
{
    private readonly List<(string Metric, string Value, string Goal, string Result)> _rows = [];

    public bool AllMet => _rows.All(r => !r.Result.Contains("NOT MET", StringComparison.Ordinal) && !r.Result.Contains('!'));

    public void Add(string metric, string value, string goal, string result) => _rows.Add((metric, value, goal, result));

    public void Print()
    {
        var width = _rows.Max(r => r.Metric.Length);
        Console.WriteLine($"{"metric".PadRight(width)}  {"value",-16}  {"goal",-16}  result");
        foreach (var (metric, value, goal, result) in _rows)
        {
            Console.WriteLine($"{metric.PadRight(width)}  {value,-16}  {goal,-16}  {result}");
        }
    }
}
