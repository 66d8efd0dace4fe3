using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Bench.Webhook;
using Tessera.Client;
using Tessera.Server;
using Tessera.Server.Hosting;
using Tessera.Testing;
using Tessera.Webhook;
using Tessera.Webhook.Admission;
using Tessera.Webhook.Hosting;
using Tessera.Webhook.ServiceAccounts;

// Admission latency and throughput of POST /mutate-v1-pod on a real server over HTTPS, against a no-op POST of the
// same body on the same server and connection (the baseline: TLS, Kestrel, reading the body), measured in one run.
var sequential = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Concurrency = 4;

var reviewText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "pod-create-v1.json"));
using var ca = new TestCertificateAuthority();
await using var api = await FakeKubernetesApi.StartAsync(ca);
api.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = Guid.NewGuid().ToString() });
var kubeconfig = api.WriteKubeconfig(ca);
var data = Directory.CreateTempSubdirectory("tessera-bench-").FullName;
try
{
    await using var server = await TesseraServer.StartAsync(
        new ServerOptions
        {
            DataDirectory = data,
            Port = 0,
            Webhook = new WebhookOptions
            {
                Kubernetes = new KubernetesAccess(KubernetesAccessSource.KubeconfigFile, kubeconfig),
                AuthorityHost = "https://tessera.tessera.svc/",
            },
        },
        services => services.AddSingleton<IStartupFilter, NoOpEndpoint>(),
        logging => logging.SetMinimumLevel(LogLevel.Warning));
    using var http = ServerConnection.Resolve(server.BaseUrl, data).CreateHttpClient();

    var rows = new List<Row>();
    var baseline = await Measure.HttpAsync("no-op POST, same body (baseline)", http, NoOpEndpoint.Path, reviewText, sequential, seconds, Concurrency);
    var webhook = await Measure.HttpAsync("POST /mutate-v1-pod", http, "mutate-v1-pod", reviewText, sequential, seconds, Concurrency);
    rows.Add(baseline);
    rows.Add(webhook);
    rows.Add(await Measure.InProcessAsync(reviewText, sequential, seconds));

    Console.WriteLine($"Admission reviews: {sequential} sequential for latency, {seconds:0.#} s at {Concurrency} concurrent for throughput; " +
        $"{Environment.ProcessorCount} cores, .NET {Environment.Version}.");
    Console.WriteLine();
    Console.WriteLine($"| {"measurement",-46} | {"p50 ms",8} | {"p99 ms",8} | {"reviews/s",10} |");
    Console.WriteLine($"|{new string('-', 48)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 12)}|");
    foreach (var row in rows)
    {
        Console.WriteLine($"| {row.Name,-46} | {row.P50,8:0.000} | {row.P99,8:0.000} | {row.PerSecond,10:0} |");
    }

    Console.WriteLine($"| {"webhook / baseline",-46} | {webhook.P50 / baseline.P50,7:0.00}x | {webhook.P99 / baseline.P99,7:0.00}x | " +
        $"{webhook.PerSecond / baseline.PerSecond,9:0.00}x |");
    Console.WriteLine();
    Console.WriteLine($"Goal p99 under 2 ms over HTTPS: {(webhook.P99 < 2 ? "met" : "NOT met")} ({webhook.P99:0.000} ms).");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(data, recursive: true);
    File.Delete(kubeconfig);
}

namespace Tessera.Bench.Webhook
{
    internal sealed record Row(string Name, double P50, double P99, double PerSecond);

    /// <summary>
    /// A POST handler that reads the body and answers a small JSON document: the cost of HTTPS and of the server's
    /// middleware (it runs where requests no endpoint matched arrive, after exception handling, authentication and
    /// routing).
    /// </summary>
    internal sealed class NoOpEndpoint : IStartupFilter
    {
        public const string Path = "bench/no-op";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/" + Path, branch => branch.Run(async context =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}");
            }));
        };
    }

    internal static class Measure
    {
        public static async Task<Row> HttpAsync(
            string name, HttpClient http, string path, string body, int sequential, double seconds, int concurrency)
        {
            async Task SendAsync()
            {
                using var content = new StringContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(path, content);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }

            return await RunAsync(name, SendAsync, sequential, seconds, concurrency);
        }

        /// <summary>The webhook's own work with no network: parse, decide, write the answer.</summary>
        public static async Task<Row> InProcessAsync(string body, int sequential, double seconds)
        {
            var accounts = new InMemoryServiceAccounts();
            accounts.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = Guid.NewGuid().ToString() });
            var options = new WebhookOptions { AuthorityHost = "https://tessera.tessera.svc/" };
            var admission = new PodAdmission(accounts, options, new WebhookTenant(Guid.NewGuid().ToString(), null), NullLogger<PodAdmission>.Instance);
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);

            async Task ReviewAsync()
            {
                var request = AdmissionRequest.Parse(JsonNode.Parse(bytes));
                var decision = await admission.ReviewAsync(request, CancellationToken.None);
                using var json = new System.Text.Json.Utf8JsonWriter(Stream.Null);
                AdmissionResponseWriter.Write(json, request, decision);
            }

            return await RunAsync("PodAdmission in process, no HTTP (for scale)", ReviewAsync, sequential, seconds, 1);
        }

        private static async Task<Row> RunAsync(string name, Func<Task> operation, int sequential, double seconds, int concurrency)
        {
            for (var i = 0; i < Math.Min(1000, sequential); i++)
            {
                await operation();
            }

            var latencies = new double[sequential];
            for (var i = 0; i < sequential; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await operation();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(latencies);
            var count = 0L;
            var clock = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (clock.Elapsed < until)
                {
                    await operation();
                    Interlocked.Increment(ref count);
                }
            }));

            return new Row(name, Percentile(latencies, 0.50), Percentile(latencies, 0.99), count / clock.Elapsed.TotalSeconds);
        }

        private static double Percentile(double[] sorted, double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Length) - 1];
    }
}
