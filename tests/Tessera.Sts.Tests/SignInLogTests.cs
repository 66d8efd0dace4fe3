using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Domain.SignIns;
using Tessera.Storage;
using Tessera.Sts.SignIns;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>Every exchange lands in the sign-in log with what happened and why, and never a token.</summary>
public sealed class SignInLogTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private TesseraTestServer Server => fixture.Server;

    private Task FlushAsync() => Server.Server.Services.GetRequiredService<SignInLog>().FlushAsync(default);

    [Fact]
    public async Task Successful_exchange_is_recorded_with_its_access_token_id_and_never_a_token()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);
        var assertion = fixture.Issuer.Mint(Subject);
        var (_, body, response) = await Server.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId, assertion, StsFixture.Resource + "/.default"));
        var accessToken = body.GetProperty("access_token").GetString()!;
        using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(accessToken.Split('.')[1])));

        await FlushAsync();
        var record = Assert.Single(await Server.Admin.ListSignInsAsync(identity.ClientId.ToString(), null, null, null, null, null, default));
        var stored = JsonSerializer.Serialize(record);

        Assert.Equal("success", record.Outcome);
        Assert.Equal(identity.Name, record.IdentityName);
        Assert.Equal(fixture.Issuer.Url, record.Issuer);
        Assert.Equal(Subject, record.Subject);
        Assert.Equal("api://AzureADTokenExchange", record.Audience);
        Assert.Equal(StsFixture.Resource, record.Resource);
        Assert.Equal(Server.TenantId, record.TenantId);
        Assert.NotNull(record.CredentialName);
        Assert.Equal(claims.RootElement.GetProperty("uti").GetString(), record.TokenId);
        Assert.Equal(response.Headers.GetValues("client-request-id").Single(), record.CorrelationId);
        Assert.Equal("127.0.0.1", record.ClientAddress);
        Assert.True(record.DurationMilliseconds > 0);
        Assert.Null(record.ErrorCode);
        Assert.DoesNotContain(assertion.Split('.')[2], stored, StringComparison.Ordinal);
        Assert.DoesNotContain(accessToken.Split('.')[2], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_exchange_is_recorded_with_its_code_and_the_reason_given_to_the_client()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);
        var (_, body, _) = await Server.PostTokenAsync(TesseraTestServer.TokenForm(
            identity.ClientId, fixture.Issuer.Mint("system:serviceaccount:prod:other"), StsFixture.Resource + "/.default"));

        await FlushAsync();
        var record = Assert.Single(await Server.Admin.ListSignInsAsync(identity.Name, "failure", 700213, null, null, null, default));

        Assert.Equal("failure", record.Outcome);
        Assert.Equal("system:serviceaccount:prod:other", record.Subject);
        Assert.Null(record.TokenId);
        Assert.StartsWith(record.ErrorDescription!, body.GetProperty("error_description").GetString()!["AADSTS700213: ".Length..],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_is_filtered_by_outcome_code_identity_and_time()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Server.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId, fixture.Issuer.Mint(Subject), StsFixture.Resource + "/.default"));
        await Server.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId, "garbage", StsFixture.Resource + "/.default"));
        await FlushAsync();
        var id = identity.ClientId.ToString();

        var all = await Server.Admin.ListSignInsAsync(id, null, null, before, null, null, default);
        var failures = await Server.Admin.ListSignInsAsync(id, "failure", null, null, null, null, default);
        var malformed = await Server.Admin.ListSignInsAsync(id, null, 50027, null, null, null, default);
        var future = await Server.Admin.ListSignInsAsync(id, null, null, DateTimeOffset.UtcNow.AddMinutes(5), null, null, default);
        var limited = await Server.Admin.ListSignInsAsync(id, null, null, null, null, 1, default);

        Assert.Equal(["failure", "success"], all.Select(r => r.Outcome));
        Assert.Equal(50027, Assert.Single(failures).ErrorCode);
        Assert.Single(malformed);
        Assert.Empty(future);
        Assert.Equal("failure", Assert.Single(limited).Outcome);
    }

    [Fact]
    public async Task Old_records_and_records_beyond_the_cap_are_trimmed()
    {
        var store = Server.Server.Services.GetRequiredService<IDirectoryStore>();
        var clientId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 5).Select(i => new SignInRecord
        {
            Id = Guid.NewGuid(),
            Time = now.AddDays(-i * 20),
            ClientId = clientId,
            Outcome = SignInOutcomes.Success,
            CorrelationId = Guid.NewGuid().ToString(),
            DurationMilliseconds = 1,
        }).ToList();
        await store.AddSignInsAsync(records, default);

        await store.TrimSignInsAsync(now.AddDays(-30), keep: 1_000_000, default);
        var afterAge = await store.QuerySignInsAsync(new SignInQuery(clientId), default);

        Assert.Equal([records[0].Id, records[1].Id], afterAge.Select(r => r.Id));
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome 'maybe'")]
    [InlineData("limit=5000", "limit '5000'")]
    [InlineData("identity=nobody-at-all", "no identity named 'nobody-at-all'")]
    public async Task Bad_filters_are_refused_with_the_reason(string query, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/sign-ins?" + query);
        request.Headers.Authorization = new("Bearer", Server.Connection.AdminToken);

        using var response = await Server.Http.SendAsync(request);

        Assert.True((int)response.StatusCode is 400 or 404);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
