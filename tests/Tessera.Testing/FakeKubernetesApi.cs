using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Testing;

/// <summary>
/// The service-account part of a Kubernetes API server over real HTTPS: list, watch (a stream of JSON lines) and
/// get, enough for a real Kubernetes client. Tests add, change and delete accounts; open watches see each change.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<string>, bool> _watches = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _version = 100;
    private int _reads;
    private int _lists;

    private FakeKubernetesApi(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Direct reads of one account (<c>GET …/namespaces/NS/serviceaccounts/NAME</c>).</summary>
    public int Reads => _reads;

    public int Lists => _lists;

    public int OpenWatches => _watches.Count;

    public static async Task<FakeKubernetesApi> StartAsync(TestCertificateAuthority ca)
    {
        var certificate = ca.IssueServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        FakeKubernetesApi? api = null;
        app.MapGet("/api/v1/serviceaccounts", (HttpContext c) => api!.ListOrWatchAsync(c));
        app.MapGet("/api/v1/namespaces/{ns}/serviceaccounts/{name}", (string ns, string name) => api!.Read(ns, name));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        api = new FakeKubernetesApi(app, $"https://127.0.0.1:{port}");
        return api;
    }

    /// <summary>Adds or changes a service account; open watches see ADDED or MODIFIED.</summary>
    public void Put(string @namespace, string name, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var account = Account(@namespace, name, annotations);
        var added = _accounts.TryAdd(Key(@namespace, name), account);
        if (!added)
        {
            _accounts[Key(@namespace, name)] = account;
        }

        Publish(added ? "ADDED" : "MODIFIED", account);
    }

    /// <summary>Adds a service account that watches do not hear about, as when an event is still on its way.</summary>
    public void PutQuietly(string @namespace, string name, IReadOnlyDictionary<string, string>? annotations = null) =>
        _accounts[Key(@namespace, name)] = Account(@namespace, name, annotations);

    public void Delete(string @namespace, string name)
    {
        if (_accounts.TryRemove(Key(@namespace, name), out var account))
        {
            Publish("DELETED", account);
        }
    }

    /// <summary>A kubeconfig naming this server, trusting <paramref name="ca"/>, with a bearer token.</summary>
    public string WriteKubeconfig(TestCertificateAuthority ca)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url}
                certificate-authority: {ca.PemPath}
            users:
            - name: tessera
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tessera
            current-context: fake
            """);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task ListOrWatchAsync(HttpContext context)
    {
        if (context.Request.Query["watch"] is ["true" or "1"])
        {
            await WatchAsync(context);
            return;
        }

        Interlocked.Increment(ref _lists);
        var list = new JsonObject
        {
            ["kind"] = "ServiceAccountList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _version).ToString() },
            ["items"] = new JsonArray([.. _accounts.Values.Select(a => a.DeepClone())]),
        };
        await Results.Json(list).ExecuteAsync(context);
    }

    private async Task WatchAsync(HttpContext context)
    {
        var channel = Channel.CreateUnbounded<string>();
        _watches[channel] = true;
        try
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await foreach (var line in channel.Reader.ReadAllAsync(stop.Token))
            {
                await context.Response.WriteAsync(line + "\n", stop.Token);
                await context.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _watches.TryRemove(channel, out _);
        }
    }

    private IResult Read(string @namespace, string name)
    {
        Interlocked.Increment(ref _reads);
        return _accounts.TryGetValue(Key(@namespace, name), out var account)
            ? Results.Json(account)
            : Results.Json(new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["status"] = "Failure",
                ["message"] = $"serviceaccounts \"{name}\" not found",
                ["reason"] = "NotFound",
                ["code"] = 404,
            }, statusCode: 404);
    }

    private void Publish(string type, JsonObject account)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = account.DeepClone() }.ToJsonString();
        foreach (var watch in _watches.Keys)
        {
            watch.Writer.TryWrite(line);
        }
    }

    private JsonObject Account(string @namespace, string name, IReadOnlyDictionary<string, string>? annotations)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = @namespace,
            ["uid"] = Guid.NewGuid().ToString(),
            ["resourceVersion"] = Interlocked.Increment(ref _version).ToString(),
        };
        if (annotations is not null)
        {
            metadata["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))]);
        }

        return new JsonObject { ["kind"] = "ServiceAccount", ["apiVersion"] = "v1", ["metadata"] = metadata };
    }

    private static string Key(string @namespace, string name) => $"{@namespace}/{name}";
}
