using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tessera.Agent;

namespace Tessera.Compatibility.Tests;

/// <summary>The real Azure.Identity package signs in against Tessera over HTTPS.</summary>
public sealed class AzureIdentityTests(CompatibilityFixture fixture) : IClassFixture<CompatibilityFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tessera-sdk-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static JsonElement Claims(string token)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Workload_identity_credential_gets_an_access_token_for_the_identity()
    {
        var credential = fixture.Credential(await fixture.WriteTokenFileAsync(_folder.FullName));

        var token = await credential.GetTokenAsync(new TokenRequestContext([CompatibilityFixture.Resource + "/.default"]));
        var claims = Claims(token.Token);

        Assert.Equal(CompatibilityFixture.Resource, claims.GetProperty("aud").GetString());
        Assert.Equal(fixture.Identity.PrincipalId.ToString(), claims.GetProperty("oid").GetString());
        Assert.Equal(fixture.Identity.ClientId.ToString(), claims.GetProperty("appid").GetString());
        Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        Assert.NotNull(token.RefreshOn);
    }

    [Fact]
    public async Task Sdk_reports_tesseras_error_description_when_the_subject_does_not_match()
    {
        var path = Path.Combine(_folder.FullName, "token");
        await File.WriteAllTextAsync(path, (await fixture.Server.MintAsync(fixture.Issuer.Name, "shop/intruder")).Token);

        var failure = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            fixture.Credential(path).GetTokenAsync(new TokenRequestContext([CompatibilityFixture.Resource + "/.default"])).AsTask());

        Assert.True(failure.ToString().Contains("AADSTS700213", StringComparison.Ordinal), failure.ToString());
        Assert.True(failure.ToString().Contains("system:serviceaccount:shop:intruder", StringComparison.Ordinal), failure.ToString());
    }

    [Fact]
    public async Task Token_file_rotated_by_the_agent_is_what_the_sdk_sends_next()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new RecordingSource(fixture);
        var file = new TokenFile(Path.Combine(_folder.FullName, "azure-identity-token"));
        var refresher = new TokenRefresher(source, file, time, NullLogger<TokenRefresher>.Instance);
        var first = await refresher.WriteFirstAsync(default);
        var firstSdkToken = await fixture.Credential(file.Path).GetTokenAsync(new TokenRequestContext([CompatibilityFixture.Resource + "/.default"]));
        using var stop = new CancellationTokenSource();

        var renewing = refresher.RunAsync(first, stop.Token);
        // The renewal is done once the file holds the new token (the source is called before the file is written).
        await WaitUntilAsync(() => source.Last is { } last && last.Token != first.Token && File.ReadAllText(file.Path) == last.Token,
            () => time.Advance(TimeSpan.FromMinutes(1)));
        var rotated = await File.ReadAllTextAsync(file.Path);
        var afterRotation = await Assert.ThrowsAsync<AuthenticationFailedException>(() => fixture.Credential(file.Path)
            .GetTokenAsync(new TokenRequestContext([CompatibilityFixture.Resource + "/.default"])).AsTask());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => renewing);

        // The renewed token is for an account the identity does not trust, so the SDK's refusal proves it sent
        // the rotated file rather than a copy of the first token.
        Assert.Equal(fixture.Identity.PrincipalId.ToString(), Claims(firstSdkToken.Token).GetProperty("oid").GetString());
        Assert.Equal(source.Last!.Token, rotated);
        Assert.Contains("system:serviceaccount:shop:rotated", afterRotation.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Action step)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            step();
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class RecordingSource(CompatibilityFixture fixture) : IWorkloadTokenSource
    {
        public int Calls { get; private set; } = -1;

        public WorkloadToken? Last { get; private set; }

        public async Task<WorkloadToken> GetAsync(CancellationToken cancellationToken)
        {
            Calls++;
            var account = Calls == 0 ? CompatibilityFixture.ServiceAccount : "shop/rotated";
            var minted = await fixture.Server.MintAsync(fixture.Issuer.Name, account, lifetime: 600);
            Last = new WorkloadToken(minted.Token, minted.IssuedAt, minted.ExpiresAt);
            return Last;
        }
    }
}
