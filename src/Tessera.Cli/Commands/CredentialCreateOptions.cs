using System.CommandLine;
using Tessera.Domain.FederatedCredentials.Presets;

namespace Tessera.Cli.Commands;

/// <summary>
/// The options of <c>tessera credential create</c>: the credential's own fields, and a preset with the facts it
/// needs. Which options go together is decided by <see cref="FederationPresets"/>, so its errors name them.
/// </summary>
internal sealed class CredentialCreateOptions
{
    public Option<string?> Name { get; } = new("--name")
    {
        Description = "3-120 letters, digits, '-' or '_'; cannot be changed (a preset suggests one)",
    };

    public Option<string?> Issuer { get; } = new("--issuer")
    {
        Description = "The issuer URL, exactly as the token's 'iss' (with --preset github, replaces GitHub's own)",
    };

    public Option<string?> Subject { get; } = new("--subject")
    {
        Description = "The token's 'sub' exactly, e.g. system:serviceaccount:NAMESPACE:NAME",
    };

    public Option<string?> ClaimsMatchingExpression { get; } = new("--claims-matching-expression")
    {
        Description = "Instead of --subject: claims['NAME'] eq|matches 'VALUE', joined by 'and' (see docs/federation.md)",
    };

    public Option<string?> Audience { get; } = new("--audience")
    {
        Description = "The token's audience (default api://AzureADTokenExchange)",
    };

    public Option<string?> Description { get; } = new("--description") { Description = "Free text, up to 600 characters" };

    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = "github, gitlab or kubernetes: fill issuer and subject from the options below",
    };

    public Option<string?> Repository { get; } = new("--repo") { Description = "github: the repository, OWNER/NAME" };

    public Option<string?> RepositoryId { get; } = new("--repository-id")
    {
        Description = "github: the repository's numeric ID, matched too so a renamed repository's successor is not trusted",
    };

    public Option<string?> Branch { get; } = new("--branch") { Description = "github, gitlab: a branch ('*' and '?' are wildcards)" };

    public Option<string?> Tag { get; } = new("--tag") { Description = "github, gitlab: a tag ('*' and '?' are wildcards)" };

    public Option<string?> Environment { get; } = new("--environment") { Description = "github: a deployment environment" };

    public Option<bool> PullRequest { get; } = new("--pull-request") { Description = "github: workflows run for pull requests" };

    public Option<string?> Project { get; } = new("--project") { Description = "gitlab: the project's path, GROUP/PROJECT" };

    public Option<string?> ProjectId { get; } = new("--project-id") { Description = "gitlab: the project's numeric ID" };

    public Option<string?> GitLabUrl { get; } = new("--gitlab-url")
    {
        Description = "gitlab: a self-managed instance's URL (default https://gitlab.com)",
    };

    public Option<string?> ServiceAccount { get; } = new("--service-account")
    {
        Description = "kubernetes: the service account, NAMESPACE/NAME",
    };

    public void AddTo(Command command)
    {
        Option[] all =
        [
            Name, Issuer, Subject, ClaimsMatchingExpression, Audience, Description, Preset, Repository, RepositoryId,
            Branch, Tag, Environment, PullRequest, Project, ProjectId, GitLabUrl, ServiceAccount,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    public CredentialArguments Arguments(ParseResult result) => new()
    {
        Preset = result.GetValue(Preset),
        Issuer = result.GetValue(Issuer),
        Subject = result.GetValue(Subject),
        ClaimsMatchingExpression = result.GetValue(ClaimsMatchingExpression),
        Repository = result.GetValue(Repository),
        RepositoryId = result.GetValue(RepositoryId),
        Branch = result.GetValue(Branch),
        Tag = result.GetValue(Tag),
        Environment = result.GetValue(Environment),
        PullRequest = result.GetValue(PullRequest),
        Project = result.GetValue(Project),
        ProjectId = result.GetValue(ProjectId),
        GitLabUrl = result.GetValue(GitLabUrl),
        ServiceAccount = result.GetValue(ServiceAccount),
    };
}
