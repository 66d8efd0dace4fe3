using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tessera.Agent;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Server;
using Tessera.Server.Hosting;

namespace Tessera.Cli.Demo;

/// <summary>
/// The whole token dance on one machine, narrated: a server on a temporary data folder, a directory set up for one
/// workload, a protected API, and the workload signing in with the real Azure SDK and calling the API.
/// </summary>
internal sealed class DemoRunner(TextWriter output)
{
    private const int Steps = 5;
    private const string ApiResource = "api://tessera-demo-api";
    private const string ApiRole = "Orders.Read";
    private const string Issuer = "demo";
    private const string ServiceAccount = "demo/workload";
    private int _step;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("tessera-demo-");
        try
        {
            return await RunInAsync(data.FullName, cancellationToken);
        }
        catch (DemoStepException ex)
        {
            output.WriteLine($"      FAILED: {ex.Message}");
            output.WriteLine($"The demo stopped at step {_step} of {Steps}.");
            return 1;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private async Task<int> RunInAsync(string data, CancellationToken cancellationToken)
    {
        Step("Start Tessera over HTTPS on a temporary data folder");
        await using var server = await Attempt(() => TesseraServer.StartAsync(
            new ServerOptions { DataDirectory = data, Port = 0 },
            logging: logs => logs.SetMinimumLevel(LogLevel.Warning), cancellationToken: cancellationToken));
        Done($"{server.BaseUrl}, tenant {server.DefaultTenant.Id}, CA {server.CaCertificatePath}");

        Step("Create an issuer, an API with an app role, a managed identity holding it, a federated credential");
        var connection = ServerConnection.Resolve(server.BaseUrl, data);
        using var admin = TesseraAdminClient.Connect(connection);
        var (issuer, identity) = await Attempt(() => SetUpDirectoryAsync(admin, cancellationToken));
        Done($"issuer {issuer.Url}");
        Detail($"managed identity 'demo-workload', client ID {identity.ClientId}");
        Detail($"federated credential: issuer {issuer.Url}, subject system:serviceaccount:demo:workload");
        Detail($"app registration 'demo-api', identifier URI {ApiResource}, app role {ApiRole}");
        Detail($"role assignment: 'demo-workload' holds {ApiRole} on 'demo-api'");

        Step("Start the sample API (ASP.NET JWT bearer, validating against Tessera's discovery document)");
        var apiPort = FreePort();
        using var api = StartApi(server, apiPort, data);
        try
        {
            await Attempt(() => WaitForApiAsync(apiPort, api, cancellationToken));
            Done($"http://127.0.0.1:{apiPort}/whoami requires a bearer token for {ApiResource} with the role " +
                ApiRole);

            Step("Run the sample workload through 'tessera run' (DefaultAzureCredential, environment only)");
            Detail("(without internet access the SDK first retries Microsoft's instance discovery for ~15 s, then goes on)");
            var watch = Stopwatch.StartNew();
            var (exitCode, lines) = await RunWorkloadAsync(server, data, apiPort, cancellationToken);
            foreach (var line in lines)
            {
                Detail(line);
            }

            if (exitCode != 0)
            {
                throw new DemoStepException($"the workload exited with code {exitCode}; its output is above.");
            }

            Done($"the workload signed in without any secret ({watch.Elapsed.TotalSeconds:0.0} s)");

            Step("Check that the API accepted the token and named the caller");
            var reply = lines.FirstOrDefault(l => l.Contains("-> 200", StringComparison.Ordinal))
                ?? throw new DemoStepException("the API did not answer 200 to the workload.");
            Done(reply.Contains(identity.PrincipalId.ToString(), StringComparison.Ordinal)
                ? $"the API saw object ID {identity.PrincipalId}, the managed identity's principal ID, with role " +
                    ApiRole
                : throw new DemoStepException($"the API's answer does not name principal {identity.PrincipalId}: {reply}"));
        }
        finally
        {
            Stop(api);
        }

        output.WriteLine();
        output.WriteLine("The token dance works end to end: workload token -> Tessera STS -> access token -> protected API.");
        return 0;
    }

    private static async Task<(IssuerResource, IdentityResource)> SetUpDirectoryAsync(
        TesseraAdminClient admin, CancellationToken cancellationToken)
    {
        var issuer = await admin.CreateIssuerAsync(new CreateIssuerRequest(Issuer), cancellationToken);
        await admin.CreateIdentityAsync(new CreateIdentityRequest(
            "demo-api", "app-registration", IdentifierUri: ApiResource, AppRoles: [ApiRole]), cancellationToken);
        var identity = await admin.CreateIdentityAsync(new CreateIdentityRequest("demo-workload"), cancellationToken);
        await admin.CreateRoleAssignmentAsync(
            new CreateRoleAssignmentRequest("demo-workload", ApiRole, ApiResource), cancellationToken);
        await admin.CreateCredentialAsync(identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest(
            "demo-workload", issuer.Url, "system:serviceaccount:demo:workload",
            Description: "The demo workload, minted by the demo issuer"), cancellationToken);
        return (issuer, identity);
    }

    private static Process StartApi(TesseraServer server, int port, string data)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Authentication__Schemes__Bearer__Authority"] = $"{server.BaseUrl}/{server.DefaultTenant.Id}/",
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = ApiResource,
        };
        foreach (var (name, value) in TrustBundle.Prepare(server.CaCertificatePath!, data))
        {
            environment[name] = value;
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(SampleLocator.Find(SampleLocator.Api));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new DemoStepException("the sample API could not be started.");
    }

    private static async Task WaitForApiAsync(int port, Process api, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (api.HasExited)
            {
                throw new DemoStepException($"the sample API exited with code {api.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow first request.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new DemoStepException("the sample API did not become ready within 60 seconds.");
    }

    private static async Task<(int ExitCode, List<string> Lines)> RunWorkloadAsync(
        TesseraServer server, string data, int apiPort, CancellationToken cancellationToken)
    {
        var (command, prefix) = SampleLocator.Self();
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            .. prefix, "run", "--server", server.BaseUrl, "--data", data, "--issuer", Issuer,
            "--service-account", ServiceAccount, "--identity", "demo-workload",
            "--", "dotnet", SampleLocator.Find(SampleLocator.Workload),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["API_URL"] = $"http://127.0.0.1:{apiPort}/whoami";
        start.Environment["API_SCOPE"] = ApiResource + "/.default";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lines = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, [.. lines]);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<T> Attempt<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is not DemoStepException and not OperationCanceledException)
        {
            throw new DemoStepException(ex.Message);
        }
    }

    private static async Task Attempt(Func<Task> action) => await Attempt(async () =>
    {
        await action();
        return true;
    });

    private void Step(string title)
    {
        _step++;
        output.WriteLine($"[{_step}/{Steps}] {title}");
    }

    private void Done(string detail) => output.WriteLine($"      ok: {detail}");

    private void Detail(string detail) => output.WriteLine($"      {detail}");

    private sealed class DemoStepException(string message) : Exception(message);
}
