using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.FederatedCredentials.Presets;

namespace Tessera.Domain.Tests;

/// <summary>
/// Presets: what a user knows about a GitHub workflow, a GitLab job or another cluster becomes the issuer, subject
/// or expression their tokens carry, and every result passes the credential rules.
/// </summary>
public sealed class FederationPresetTests
{
    private const string GitHubIssuer = "https://token.actions.githubusercontent.com";

    public static TheoryData<string, CredentialArguments, string, string?, string?, bool, string> Presets => new()
    {
        {
            "github branch",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main" },
            GitHubIssuer, "repo:contoso/orders:ref:refs/heads/main", null, true, "github-orders-branch-main"
        },
        {
            "github tag",
            new() { Preset = "github", Repository = "contoso/orders", Tag = "v1" },
            GitHubIssuer, "repo:contoso/orders:ref:refs/tags/v1", null, true, "github-orders-tag-v1"
        },
        {
            "github environment",
            new() { Preset = "github", Repository = "contoso/orders", Environment = "prod" },
            GitHubIssuer, "repo:contoso/orders:environment:prod", null, true, "github-orders-environment-prod"
        },
        {
            "github pull request",
            new() { Preset = "github", Repository = "contoso/orders", PullRequest = true },
            GitHubIssuer, "repo:contoso/orders:pull_request", null, true, "github-orders-pull-request"
        },
        {
            "github pinned by repository id",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main", RepositoryId = "690981553" },
            GitHubIssuer, null,
            "claims['sub'] eq 'repo:contoso/orders:ref:refs/heads/main' and claims['repository_id'] eq '690981553'",
            true, "github-orders-branch-main"
        },
        {
            "github branch pattern",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "release/*" },
            GitHubIssuer, null, "claims['sub'] matches 'repo:contoso/orders:ref:refs/heads/release/*'", true,
            "github-orders-branch-release"
        },
        {
            "github enterprise server issuer",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main", Issuer = "https://ghe.example/_services/token" },
            "https://ghe.example/_services/token", "repo:contoso/orders:ref:refs/heads/main", null, true,
            "github-orders-branch-main"
        },
        {
            "gitlab branch",
            new() { Preset = "gitlab", Project = "group/app", Branch = "main" },
            "https://gitlab.com", "project_path:group/app:ref_type:branch:ref:main", null, true, "gitlab-app-branch-main"
        },
        {
            "gitlab tag in a subgroup, self-managed",
            new() { Preset = "gitlab", Project = "group/sub/app", Tag = "v1.2", GitLabUrl = "https://gitlab.example.com/" },
            "https://gitlab.example.com", "project_path:group/sub/app:ref_type:tag:ref:v1.2", null, true,
            "gitlab-app-tag-v1-2"
        },
        {
            "gitlab pinned by project id",
            new() { Preset = "gitlab", Project = "group/app", Branch = "main", ProjectId = "42" },
            "https://gitlab.com", null,
            "claims['sub'] eq 'project_path:group/app:ref_type:branch:ref:main' and claims['project_id'] eq '42'", true,
            "gitlab-app-branch-main"
        },
        {
            "second kubernetes cluster",
            new() { Preset = "kubernetes", Issuer = "https://oidc.cluster-b.example", ServiceAccount = "prod/orders" },
            "https://oidc.cluster-b.example", "system:serviceaccount:prod:orders", null, false, "k8s-prod-orders"
        },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_fills_issuer_subject_or_expression_and_replay_protection(
        string because, CredentialArguments arguments, string issuer, string? subject, string? expression,
        bool replayProtection, string name)
    {
        var (credential, violations) = FederationPresets.Resolve(arguments);

        Assert.True(violations.Count == 0, $"{because}: {string.Join(" ", violations.Select(v => v.Message))}");
        Assert.Equal(issuer, credential!.Issuer);
        Assert.Equal(subject, credential.Subject);
        Assert.Equal(expression, credential.ClaimsMatchingExpression);
        Assert.Equal(replayProtection, credential.ReplayProtection);
        Assert.Equal(name, credential.SuggestedName);
        Assert.Empty(FederatedCredentialRules.Validate(new FederatedCredentialDraft(credential.SuggestedName,
            credential.Issuer, credential.Subject, null, null, credential.ClaimsMatchingExpression), [],
            FederatedCredentialPolicy.Default));
    }

    [Fact]
    public void Github_preset_without_a_repository_id_advises_pinning_it()
    {
        var (credential, _) = FederationPresets.Resolve(new() { Preset = "github", Repository = "contoso/orders", Tag = "v1" });

        Assert.Contains(credential!.Advice, a => a.Contains("--repository-id ID", StringComparison.Ordinal)
            && a.Contains("claims['repository_id']", StringComparison.Ordinal));
    }

    [Fact]
    public void Github_preset_pinned_by_repository_id_gives_no_such_advice()
    {
        var (credential, _) = FederationPresets.Resolve(
            new() { Preset = "github", Repository = "contoso/orders", Tag = "v1", RepositoryId = "1" });

        Assert.DoesNotContain(credential!.Advice, a => a.Contains("--repository-id", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_options_pass_through_without_a_preset()
    {
        var (credential, violations) = FederationPresets.Resolve(
            new() { Issuer = "https://issuer.example", ClaimsMatchingExpression = "claims['sub'] eq 'x'" });

        Assert.Empty(violations);
        Assert.Equal("https://issuer.example", credential!.Issuer);
        Assert.Equal("claims['sub'] eq 'x'", credential.ClaimsMatchingExpression);
        Assert.Null(credential.ReplayProtection);
    }

    public static TheoryData<string, CredentialArguments, string> Mistakes => new()
    {
        { "unknown preset", new() { Preset = "jenkins" }, "--preset 'jenkins' is not allowed: choose one of github, gitlab, kubernetes." },
        {
            "preset option without a preset",
            new() { Issuer = "https://issuer.example", Subject = "s", Repository = "contoso/orders" },
            "--repo does not go with a credential without --preset; it belongs to --preset github."
        },
        {
            "branch without a preset",
            new() { Issuer = "https://issuer.example", Subject = "s", Branch = "main" },
            "--branch does not go with a credential without --preset; it belongs to --preset github or --preset gitlab."
        },
        {
            "subject with a preset",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main", Subject = "x" },
            "--subject does not go with --preset github; the preset writes the subject itself."
        },
        {
            "issuer with gitlab",
            new() { Preset = "gitlab", Project = "group/app", Branch = "main", Issuer = "https://gitlab.example.com" },
            "--issuer does not go with --preset gitlab; give a self-managed instance's URL with --gitlab-url."
        },
        {
            "github without a repository",
            new() { Preset = "github", Branch = "main" },
            "--repo is missing: name the repository as OWNER/NAME, as in github.com/OWNER/NAME."
        },
        {
            "github repository as a URL",
            new() { Preset = "github", Repository = "https://github.com/contoso/orders", Branch = "main" },
            "--repo 'https://github.com/contoso/orders' is not allowed: name the repository as OWNER/NAME, as in " +
            "github.com/OWNER/NAME."
        },
        {
            "github without a choice",
            new() { Preset = "github", Repository = "contoso/orders" },
            "Say which runs to trust: give one of --branch, --tag, --environment, --pull-request."
        },
        {
            "github with two choices",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main", Tag = "v1" },
            "Give only one of --branch, --tag, --environment, --pull-request (received --branch and --tag); create " +
            "one credential for each."
        },
        {
            "full ref name",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "refs/heads/main" },
            "--branch 'refs/heads/main' is not allowed: give the name without 'refs/heads/' (the preset adds it): main."
        },
        {
            "repository id that is a name",
            new() { Preset = "github", Repository = "contoso/orders", Branch = "main", RepositoryId = "orders" },
            "--repository-id 'orders' is not allowed: give the numeric ID, digits only."
        },
        {
            "gitlab over http",
            new() { Preset = "gitlab", Project = "group/app", Branch = "main", GitLabUrl = "http://gitlab.example.com" },
            "--gitlab-url 'http://gitlab.example.com' is not allowed: give the instance's https URL, e.g. " +
            "https://gitlab.example.com."
        },
        {
            "gitlab project without a group",
            new() { Preset = "gitlab", Project = "app", Branch = "main" },
            "--project 'app' is not allowed: name the project by its path, GROUP/PROJECT (with any subgroups), as in " +
            "its URL."
        },
        {
            "kubernetes without an issuer",
            new() { Preset = "kubernetes", ServiceAccount = "prod/orders" },
            "--issuer is missing: give the cluster's service-account issuer URL (kubectl get --raw " +
            "/.well-known/openid-configuration shows it as 'issuer')."
        },
        {
            "kubernetes service account with a colon",
            new() { Preset = "kubernetes", Issuer = "https://oidc.example", ServiceAccount = "prod:orders" },
            "--service-account 'prod:orders' is not allowed: 'prod:orders' is not a service account: write it as " +
            "NAMESPACE/NAME, for example default/orders."
        },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Misused_preset_is_refused_saying_what_to_give_instead(
        string because, CredentialArguments arguments, string message)
    {
        var (credential, violations) = FederationPresets.Resolve(arguments);

        Assert.Null(credential);
        Assert.True(violations.Any(v => v.Message == message),
            $"{because}: {string.Join(" | ", violations.Select(v => v.Message))}");
    }
}
