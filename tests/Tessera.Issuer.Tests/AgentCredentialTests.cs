using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Issuer.Tests;

/// <summary>Agent credentials mint for their service accounts and nothing else.</summary>
public sealed class AgentCredentialTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TesseraTestServer Server => fixture.Server;

    private async Task<(IssuerResource Issuer, AgentCredentialResource Credential, TesseraAdminClient Agent)> GrantAsync(string accounts)
    {
        var issuer = await Server.CreateIssuerAsync();
        var credential = await Server.Admin.CreateAgentCredentialAsync(issuer.Name, new CreateAgentCredentialRequest(accounts), default);
        return (issuer, credential, new TesseraAdminClient(Server.Connection.CreateHttpClient(), credential.Secret!));
    }

    [Fact]
    public async Task Agent_mints_for_its_service_account()
    {
        var (issuer, credential, agent) = await GrantAsync("prod/orders");
        using (agent)
        {
            var minted = await agent.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("prod/orders"), default);

            Assert.StartsWith("tsg_", credential.Secret, StringComparison.Ordinal);
            Assert.Equal(3, minted.Token.Split('.').Length);
        }
    }

    [Fact]
    public async Task Agent_may_not_mint_for_another_account_or_issuer()
    {
        var (issuer, _, agent) = await GrantAsync("prod/orders");
        var otherIssuer = await Server.CreateIssuerAsync();
        using (agent)
        {
            var otherAccount = await Assert.ThrowsAsync<TesseraClientException>(() =>
                agent.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("prod/billing"), default));
            var elsewhere = await Assert.ThrowsAsync<TesseraClientException>(() =>
                agent.MintWorkloadTokenAsync(otherIssuer.Name, new MintWorkloadTokenRequest("prod/orders"), default));

            Assert.Equal(403, otherAccount.Status);
            Assert.Contains("prod/billing", otherAccount.Message, StringComparison.Ordinal);
            Assert.Equal(403, elsewhere.Status);
        }
    }

    [Fact]
    public async Task Namespace_wide_grant_covers_every_account_of_that_namespace_only()
    {
        var (issuer, _, agent) = await GrantAsync("prod/*");
        using (agent)
        {
            await agent.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("prod/anything"), default);
            var staging = await Assert.ThrowsAsync<TesseraClientException>(() =>
                agent.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("staging/anything"), default));

            Assert.Equal(403, staging.Status);
        }
    }

    [Fact]
    public async Task Agent_credential_cannot_use_the_admin_api()
    {
        var (_, _, agent) = await GrantAsync("prod/orders");
        using (agent)
        {
            var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => agent.ListIdentitiesAsync(null, default));

            Assert.Equal(403, refusal.Status);
        }
    }

    [Fact]
    public async Task Deleted_agent_credential_is_401_and_listing_never_shows_secrets()
    {
        var (issuer, credential, agent) = await GrantAsync("prod/orders");
        using (agent)
        {
            var listed = await Server.Admin.ListAgentCredentialsAsync(issuer.Name, default);
            await Server.Admin.DeleteAgentCredentialAsync(issuer.Name, credential.Id, default);
            var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
                agent.MintWorkloadTokenAsync(issuer.Name, new MintWorkloadTokenRequest("prod/orders"), default));

            Assert.Null(Assert.Single(listed).Secret);
            Assert.Equal(401, refusal.Status);
        }
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("*/*")]
    [InlineData("prod/Orders")]
    public async Task Malformed_grant_is_refused(string accounts)
    {
        var issuer = await Server.CreateIssuerAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.CreateAgentCredentialAsync(issuer.Name, new CreateAgentCredentialRequest(accounts), default));

        Assert.Equal(400, refusal.Status);
        Assert.Equal("serviceAccount", Assert.Single(refusal.Problem!.Errors!).Field);
    }
}
