using System.Text.RegularExpressions;
using Tessera.Domain.Rules;

namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// GitHub Actions: tokens from <c>https://token.actions.githubusercontent.com</c> whose <c>sub</c> is
/// <c>repo:OWNER/NAME:ref:refs/heads/BRANCH</c>, <c>…:ref:refs/tags/TAG</c>, <c>…:environment:ENV</c> or
/// <c>…:pull_request</c>. A branch or tag with <c>*</c> or <c>?</c>, or a repository ID, makes the credential
/// flexible. Replay protection is recommended on: a workflow asks GitHub for a new token for each sign-in.
/// </summary>
public static partial class GitHubActionsPreset
{
    public const string Issuer = "https://token.actions.githubusercontent.com";

    public static (ResolvedCredential? Credential, IReadOnlyList<RuleViolation> Violations) Resolve(
        CredentialArguments arguments)
    {
        var violations = new List<RuleViolation>();
        var repository = arguments.Repository;
        if (repository is null || !RepositoryPattern().IsMatch(repository))
        {
            violations.Add(new RuleViolation("--repo", repository,
                "name the repository as OWNER/NAME, as in github.com/OWNER/NAME"));
        }

        var choice = FederationPresets.ExactlyOne(violations, ("--branch", arguments.Branch), ("--tag", arguments.Tag),
            ("--environment", arguments.Environment), ("--pull-request", arguments.PullRequest ? "" : null));
        FederationPresets.CheckRefName("--branch", arguments.Branch, "refs/heads/", violations);
        FederationPresets.CheckRefName("--tag", arguments.Tag, "refs/tags/", violations);
        if (arguments.Environment is { } environment && (environment.Trim().Length != environment.Length
            || environment.Length == 0 || Printable.HasControlCharacters(environment)))
        {
            violations.Add(new RuleViolation("--environment", environment, "give the environment's name as GitHub shows it"));
        }

        FederationPresets.CheckNumericId("--repository-id", arguments.RepositoryId, violations);
        if (violations.Count > 0)
        {
            return (null, violations);
        }

        var (option, value) = choice!.Value;
        var subject = $"repo:{repository}:" + option switch
        {
            "--branch" => $"ref:refs/heads/{value}",
            "--tag" => $"ref:refs/tags/{value}",
            "--environment" => $"environment:{value}",
            _ => "pull_request",
        };
        return (Build(arguments, subject, option, value), []);
    }

    private static ResolvedCredential Build(CredentialArguments arguments, string subject, string option, string value)
    {
        var wildcard = FederationPresets.HasWildcard(value);
        var advice = new List<string>();
        string? expression = null;
        if (wildcard || arguments.RepositoryId is not null)
        {
            expression = $"claims['sub'] {(wildcard ? "matches" : "eq")} {FederationPresets.Literal(subject)}";
            if (arguments.RepositoryId is { } id)
            {
                expression += $" and claims['repository_id'] eq {FederationPresets.Literal(id)}";
            }
        }

        if (arguments.RepositoryId is null)
        {
            advice.Add($"The subject names the repository '{arguments.Repository}' by name: if it is renamed or deleted, " +
                "a new repository can take the name and with it this trust. Pin it by ID as well: run again with " +
                $"--repository-id ID (the 'id' of 'gh api repos/{arguments.Repository}'), which matches " +
                "claims['repository_id'] in a claims matching expression.");
        }

        if (option == "--pull-request")
        {
            advice.Add("Pull request workflows run code from the pull request; trust them only with an identity that " +
                "can do no harm.");
        }

        var kind = option.TrimStart('-');
        var name = FederationPresets.Name("github", arguments.Repository!.Split('/')[1], kind,
            option == "--pull-request" ? "" : value);
        return new ResolvedCredential(arguments.Issuer ?? Issuer, expression is null ? subject : null, expression,
            ReplayProtection: true, name, advice);
    }

    // GitHub owners are letters, digits and '-'; repository names add '.' and '_'.
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}
