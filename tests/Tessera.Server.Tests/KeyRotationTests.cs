using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Client.Contracts;
using Tessera.Keys;
using Tessera.Server.Hosting;
using Tessera.Storage;
using Tessera.Storage.Caching;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// Signing keys are replaced without breaking tokens: published before they sign, kept published until the last
/// token they signed has expired, rotated once however many replicas ask, and encrypted at rest. On a fake clock.
/// </summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private TesseraTestServer _server = null!;
    private IssuerResource _issuer = null!;
    private IdentityResource _identity = null!;

    private DateTimeOffset Now => _server.Time!.GetUtcNow();

    public async Task InitializeAsync()
    {
        _server = await TesseraTestServer.StartAsync(fakeTime: true);
        _issuer = await _server.CreateIssuerAsync();
        await _server.CreateResourceAsync("api://orders");
        _identity = await _server.CreateIdentityAsync(_issuer.Url, Subject);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> AccessTokenKidAsync()
    {
        var workload = await _server.MintAsync(_issuer.Name, "prod/orders");
        var (status, body, _) = await _server.PostTokenAsync(TesseraTestServer.TokenForm(_identity.ClientId, workload.Token, "api://orders/.default"));
        Assert.True(status == 200, body.GetRawText());
        return Header(body.GetProperty("access_token").GetString()!);
    }

    private async Task<string[]> PublishedStsKidsAsync()
    {
        using var document = JsonDocument.Parse(await _server.Http.GetStringAsync($"{_server.TenantId}/discovery/v2.0/keys"));
        return [.. document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static string Header(string token)
    {
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])));
        return header.RootElement.GetProperty("kid").GetString()!;
    }

    private void Advance(TimeSpan by) => _server.Time!.Advance(by);

    [Fact]
    public async Task New_sts_key_is_published_at_once_signs_after_the_lead_and_the_old_one_stays_until_its_tokens_expire()
    {
        var before = await AccessTokenKidAsync();

        var rotation = Assert.Single(await _server.Admin.RotateKeysAsync(new RotateKeysRequest("sts", LeadSeconds: 600), default));
        var publishedAtOnce = await PublishedStsKidsAsync();
        var signingDuringLead = await AccessTokenKidAsync();
        Advance(TimeSpan.FromSeconds(601));
        var signingAfterLead = await AccessTokenKidAsync();
        var publishedAfterLead = await PublishedStsKidsAsync();
        Advance(TimeSpan.FromHours(26) + TimeSpan.FromSeconds(40));
        var publishedAfterExpiry = await PublishedStsKidsAsync();

        Assert.True(rotation.Rotated);
        Assert.Equal(new[] { before, rotation.NewKeyId! }.Order(), publishedAtOnce.Order());
        Assert.Equal(before, signingDuringLead);
        Assert.Equal(rotation.NewKeyId, signingAfterLead);
        Assert.Contains(before, publishedAfterLead);
        Assert.Equal([rotation.NewKeyId!], publishedAfterExpiry);
    }

    [Fact]
    public async Task Issuer_key_rotation_keeps_workload_tokens_exchangeable_throughout()
    {
        var oldToken = (await _server.MintAsync(_issuer.Name, "prod/orders")).Token;

        var rotation = Assert.Single(await _server.Admin.RotateKeysAsync(
            new RotateKeysRequest($"issuer:{_issuer.Name}", LeadSeconds: 120), default));
        Advance(TimeSpan.FromSeconds(121));
        var newToken = (await _server.MintAsync(_issuer.Name, "prod/orders")).Token;

        Assert.Equal(rotation.NewKeyId, Header(newToken));
        Assert.NotEqual(Header(oldToken), Header(newToken));
        foreach (var token in new[] { oldToken, newToken })
        {
            var (status, body, _) = await _server.PostTokenAsync(TesseraTestServer.TokenForm(_identity.ClientId, token, "api://orders/.default"));
            Assert.True(status == 200, body.GetRawText());
        }
    }

    [Fact]
    public async Task A_second_rotation_while_a_key_is_pending_is_declined_with_the_reason()
    {
        var first = Assert.Single(await _server.Admin.RotateKeysAsync(new RotateKeysRequest("sts", LeadSeconds: 600), default));

        var second = Assert.Single(await _server.Admin.RotateKeysAsync(new RotateKeysRequest("sts", LeadSeconds: 600), default));

        Assert.True(first.Rotated);
        Assert.False(second.Rotated);
        Assert.Contains($"key {first.NewKeyId} is already waiting to sign", second.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_sooner_than_a_pending_key_brings_that_key_forward_instead_of_declining()
    {
        var before = await AccessTokenKidAsync();
        var first = Assert.Single(await _server.Admin.RotateKeysAsync(new RotateKeysRequest("sts", LeadSeconds: 86400), default));

        var urgent = Assert.Single(await _server.Admin.RotateKeysAsync(new RotateKeysRequest("sts", LeadSeconds: 0), default));
        var signing = await AccessTokenKidAsync();
        var published = await PublishedStsKidsAsync();
        var old = (await _server.Admin.ListKeysAsync(default)).Single(k => k.KeyId == before);

        Assert.True(urgent.Rotated, urgent.Detail);
        Assert.Equal(Now, old.SigningUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(first.NewKeyId, urgent.NewKeyId);
        Assert.Equal(first.NewKeyId, signing);
        Assert.NotEqual(before, signing);
        Assert.Equal(new[] { before, first.NewKeyId! }.Order(), published.Order());
    }

    [Fact]
    public async Task Scheduled_rotation_replaces_keys_only_once_they_are_due_and_purges_expired_ones()
    {
        var service = _server.Server.Services.GetRequiredService<KeyRotationService>();
        var before = (await _server.Admin.ListKeysAsync(default)).Select(k => k.KeyId).ToHashSet();

        await service.RunOnceAsync(default);
        var whileYoung = await _server.Admin.ListKeysAsync(default);
        Advance(TimeSpan.FromDays(31));
        await service.RunOnceAsync(default);
        var whenDue = await _server.Admin.ListKeysAsync(default);
        Advance(TimeSpan.FromDays(5));
        await service.RunOnceAsync(default);
        var later = await _server.Admin.ListKeysAsync(default);

        Assert.Equal(before, whileYoung.Select(k => k.KeyId).ToHashSet());
        Assert.Equal(2 * before.Count, whenDue.Count);
        Assert.All(whenDue.Where(k => !before.Contains(k.KeyId)), k => Assert.Equal("pending", k.State));
        Assert.DoesNotContain(later, k => before.Contains(k.KeyId));
        Assert.All(later, k => Assert.Equal("active", k.State));
    }

    [Fact]
    public async Task Scheduled_check_with_nothing_due_leaves_the_directory_version_and_the_cache_alone()
    {
        // Every replica runs the check; were it to move the version, every replica would drop its caches each time.
        var service = _server.Server.Services.GetRequiredService<KeyRotationService>();
        var store = _server.Server.Services.GetRequiredService<IDirectoryStore>();
        var cache = _server.Server.Services.GetRequiredService<CachedDirectoryStore>();
        await AccessTokenKidAsync();
        var version = await store.GetDirectoryVersionAsync(default);
        var misses = cache.Statistics.Misses;

        await service.RunOnceAsync(default);
        var versionAfterCheck = await store.GetDirectoryVersionAsync(default);
        await AccessTokenKidAsync();
        var missesAfterCheck = cache.Statistics.Misses;
        Advance(TimeSpan.FromDays(31));
        await service.RunOnceAsync(default);
        var versionAfterRotation = await store.GetDirectoryVersionAsync(default);

        Assert.Equal(version, versionAfterCheck);
        Assert.Equal(misses, missesAfterCheck);
        Assert.True(versionAfterRotation > version, $"version {version} -> {versionAfterRotation} after a due rotation");
    }

    [Fact]
    public async Task Private_keys_are_encrypted_at_rest()
    {
        var store = _server.Server.Services.GetRequiredService<IDirectoryStore>();

        var keys = await store.ListAllSigningKeysAsync(default);

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(KeyProtector.IsProtected(k.PrivateKey), k.KeyId));
    }

    [Fact]
    public void Key_encrypted_under_one_key_encryption_key_is_refused_under_another_with_a_clear_message()
    {
        var first = KeyProtector.FromKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var second = KeyProtector.FromKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var stored = first.Protect([1, 2, 3], "kid-1");

        var wrongKey = Assert.Throws<InvalidOperationException>(() => second.Unprotect(stored, "kid-1"));
        var swapped = Assert.Throws<InvalidOperationException>(() => first.Unprotect(stored, "kid-2"));
        var none = Assert.Throws<InvalidOperationException>(() => KeyProtector.None.Unprotect(stored, "kid-1"));

        Assert.Equal([1, 2, 3], first.Unprotect(stored, "kid-1"));
        Assert.Contains("was encrypted with another key-encryption key", wrongKey.Message, StringComparison.Ordinal);
        Assert.Contains("does not decrypt", swapped.Message, StringComparison.Ordinal);
        Assert.Contains("no key-encryption key was given", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_postgres_store_without_a_key_encryption_key_is_refused()
    {
        var options = new ServerOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("tessera-nokek-").FullName,
            Port = 0,
            Store = "postgres",
            StoreConnection = TestStore.Database("tessera_nokek_" + Guid.NewGuid().ToString("N")[..8]),
        };

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => TesseraServer.StartAsync(options));

        Assert.Contains("must be encrypted with a key-encryption key kept elsewhere", refusal.Message, StringComparison.Ordinal);
    }
}
