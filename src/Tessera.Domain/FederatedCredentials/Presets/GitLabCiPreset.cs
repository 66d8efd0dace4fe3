using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// GitLab CI/CD: ID tokens from <c>https://gitlab.com</c> (or a self-managed instance's URL) whose <c>sub</c> is
/// <c>project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH</c> or <c>…:ref_type:tag:ref:TAG</c>. The job asks
/// for the audience in its <c>id_tokens</c> section. Replay protection is recommended on.
/// </summary>
public static partial class GitLabCiPreset
{
    public const string Issuer = "https://gitlab.com";

    public static (ResolvedCredential? Credential, IReadOnlyList<RuleViolation> Violations) Resolve(
        CredentialArguments arguments)
    {
        var violations = new List<RuleViolation>();
        var project = arguments.Project;
        if (project is null || !ProjectPattern().IsMatch(project))
        {
            violations.Add(new RuleViolation("--project", project,
                "name the project by its path, GROUP/PROJECT (with any subgroups), as in its URL"));
        }

        var choice = FederationPresets.ExactlyOne(violations, ("--branch", arguments.Branch), ("--tag", arguments.Tag));
        FederationPresets.CheckRefName("--branch", arguments.Branch, "refs/heads/", violations);
        FederationPresets.CheckRefName("--tag", arguments.Tag, "refs/tags/", violations);
        FederationPresets.CheckNumericId("--project-id", arguments.ProjectId, violations);
        var issuer = (arguments.GitLabUrl ?? Issuer).TrimEnd('/');
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            violations.Add(new RuleViolation("--gitlab-url", arguments.GitLabUrl,
                "give the instance's https URL, e.g. https://gitlab.example.com"));
        }

        if (violations.Count > 0)
        {
            return (null, violations);
        }

        var (option, value) = choice!.Value;
        var type = option == "--branch" ? "branch" : "tag";
        var subject = $"project_path:{project}:ref_type:{type}:ref:{value}";
        var wildcard = FederationPresets.HasWildcard(value);
        string? expression = null;
        if (wildcard || arguments.ProjectId is not null)
        {
            expression = $"claims['sub'] {(wildcard ? "matches" : "eq")} {FederationPresets.Literal(subject)}";
            if (arguments.ProjectId is { } id)
            {
                expression += $" and claims['project_id'] eq {FederationPresets.Literal(id)}";
            }
        }

        var advice = new List<string>
        {
            $"In .gitlab-ci.yml, request the token with id_tokens: {{ TESSERA_ID_TOKEN: {{ aud: " +
            $"{FederatedCredentialRules.DefaultAudience} }} }}, write it to a file and pass that file to 'tessera token " +
            "get --assertion-file' (or name it in AZURE_FEDERATED_TOKEN_FILE for an Azure SDK); see docs/federation.md.",
        };
        if (arguments.ProjectId is null)
        {
            advice.Add($"The subject names the project '{project}' by path: if it is renamed or moved, another project " +
                "can take the path. Pin it by ID as well with --project-id ID (Settings > General), which matches " +
                "claims['project_id'] in a claims matching expression.");
        }

        var name = FederationPresets.Name("gitlab", project!.Split('/')[^1], type, value);
        return (new ResolvedCredential(issuer, expression is null ? subject : null, expression, ReplayProtection: true,
            name, advice), []);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")]
    private static partial Regex ProjectPattern();
}
