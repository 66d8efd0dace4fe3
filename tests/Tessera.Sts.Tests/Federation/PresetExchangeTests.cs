using System.Text.Json;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials.Presets;
using Tessera.Testing;

namespace Tessera.Sts.Tests.Federation;

/// <summary>
/// Each preset's credential against tokens shaped like the provider's, signed by a local test issuer standing in
/// for it: the presets take the issuer's URL (--issuer for GitHub Enterprise-style overrides, --gitlab-url), so the
/// credential is exactly what the preset builds, only the issuer differs from the real provider's.
/// </summary>
public sealed class PresetExchangeTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Scope = StsFixture.Resource + "/.default";

    [Fact]
    public async Task GitHub_branch_preset_accepts_a_push_to_the_branch_and_refuses_another_branch()
    {
        await using var github = await TestIssuer.StartAsync(fixture.Ca, "/github");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "github", Issuer = github.Url, Repository = "contoso/orders", Branch = "main",
        });

        var main = await ExchangeAsync(identity, github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main")));
        var dev = await ExchangeAsync(identity, github.Mint("", payload: CiTokens.GitHub("contoso/orders", "dev")));

        Assert.Equal(200, main.Status);
        Assert.Equal(401, dev.Status);
        Assert.Contains("subject 'repo:contoso/orders:ref:refs/heads/dev'", Description(dev), StringComparison.Ordinal);
        Assert.Contains("'repo:contoso/orders:ref:refs/heads/main'", Description(dev), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHub_preset_with_repository_id_refuses_a_recreated_repository_of_the_same_name()
    {
        await using var github = await TestIssuer.StartAsync(fixture.Ca, "/github");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "github", Issuer = github.Url, Repository = "contoso/orders", Branch = "release-*",
            RepositoryId = CiTokens.RepositoryId,
        });

        var original = await ExchangeAsync(identity,
            github.Mint("", payload: CiTokens.GitHub("contoso/orders", "release-2.1")));
        var impostor = await ExchangeAsync(identity,
            github.Mint("", payload: CiTokens.GitHub("contoso/orders", "release-2.1", repositoryId: "999001")));

        Assert.Equal(200, original.Status);
        Assert.Equal(401, impostor.Status);
        Assert.Contains("term 2 of 2 (claims['repository_id'] eq '740213') does not hold: the token's " +
            "claims['repository_id'] is '999001'", Description(impostor), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHub_environment_preset_accepts_only_jobs_in_that_environment()
    {
        await using var github = await TestIssuer.StartAsync(fixture.Ca, "/github");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "github", Issuer = github.Url, Repository = "contoso/orders", Environment = "production",
        });

        var production = await ExchangeAsync(identity,
            github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main", environment: "production")));
        var staging = await ExchangeAsync(identity,
            github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main", environment: "staging")));
        var push = await ExchangeAsync(identity, github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main")));

        Assert.Equal(200, production.Status);
        Assert.Equal(401, staging.Status);
        Assert.Equal(401, push.Status);
    }

    [Fact]
    public async Task GitHub_pull_request_preset_accepts_pull_request_workflows()
    {
        await using var github = await TestIssuer.StartAsync(fixture.Ca, "/github");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "github", Issuer = github.Url, Repository = "contoso/orders", PullRequest = true,
        });

        var pullRequest = await ExchangeAsync(identity,
            github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main", eventName: "pull_request")));
        var push = await ExchangeAsync(identity, github.Mint("", payload: CiTokens.GitHub("contoso/orders", "main")));

        Assert.Equal(200, pullRequest.Status);
        Assert.Equal(401, push.Status);
    }

    [Fact]
    public async Task GitLab_preset_with_project_id_accepts_the_project_and_refuses_a_moved_one()
    {
        await using var gitlab = await TestIssuer.StartAsync(fixture.Ca, "/gitlab");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "gitlab", GitLabUrl = gitlab.Url, Project = "shop/backend/orders", Branch = "main",
            ProjectId = CiTokens.ProjectId,
        });

        var pipeline = await ExchangeAsync(identity, gitlab.Mint("", payload: CiTokens.GitLab("shop/backend/orders", "main")));
        var other = await ExchangeAsync(identity,
            gitlab.Mint("", payload: CiTokens.GitLab("shop/backend/orders", "main", projectId: "5001")));
        var branch = await ExchangeAsync(identity, gitlab.Mint("", payload: CiTokens.GitLab("shop/backend/orders", "dev")));

        Assert.Equal(200, pipeline.Status);
        Assert.Equal(401, other.Status);
        Assert.Contains("claims['project_id'] is '5001'", Description(other), StringComparison.Ordinal);
        Assert.Equal(401, branch.Status);
        Assert.Contains("claims['sub'] is 'project_path:shop/backend/orders:ref_type:branch:ref:dev'",
            Description(branch), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_preset_trusts_a_service_account_of_a_second_cluster()
    {
        await using var cluster = await TestIssuer.StartAsync(fixture.Ca, "/cluster-b");
        var identity = await CreateAsync(new CredentialArguments
        {
            Preset = "kubernetes", Issuer = cluster.Url, ServiceAccount = "prod/orders",
        });

        var token = cluster.Mint("", payload: CiTokens.Kubernetes("prod", "orders", "0a6f"));
        var first = await ExchangeAsync(identity, token);
        var again = await ExchangeAsync(identity, token);

        // Replay protection is off for cluster issuers: SDKs send the token file's token until it is refreshed.
        Assert.Equal(200, first.Status);
        Assert.Equal(200, again.Status);
    }

    private async Task<IdentityResource> CreateAsync(CredentialArguments arguments)
    {
        var (resolved, violations) = FederationPresets.Resolve(arguments);
        Assert.Empty(violations);
        var identity = await fixture.Server.Admin.CreateIdentityAsync(
            new CreateIdentityRequest(TesseraTestServer.Unique("ci")), default);
        await fixture.Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest(resolved!.SuggestedName, resolved.Issuer, resolved.Subject,
                ClaimsMatchingExpression: resolved.ClaimsMatchingExpression is { } e ? new ClaimsMatchingExpression(e) : null),
            default);
        return identity;
    }

    private async Task<(int Status, JsonElement Body)> ExchangeAsync(IdentityResource identity, string assertion)
    {
        var (status, body, _) = await fixture.Server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, assertion, Scope));
        return (status, body);
    }

    private static string Description((int Status, JsonElement Body) result) =>
        result.Body.GetProperty("error_description").GetString()!;
}
