namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// What a user gave <c>tessera credential create</c> to say whom to trust: either issuer and subject (or a claims
/// matching expression) directly, or a <see cref="Preset"/> and the few facts it needs. Each property is one
/// command-line option; null means the option was not given.
/// </summary>
public sealed record CredentialArguments
{
    /// <summary><c>github</c>, <c>gitlab</c> or <c>kubernetes</c>; see <see cref="FederationPresets"/>.</summary>
    public string? Preset { get; init; }

    public string? Issuer { get; init; }

    public string? Subject { get; init; }

    public string? ClaimsMatchingExpression { get; init; }

    /// <summary>GitHub: OWNER/NAME.</summary>
    public string? Repository { get; init; }

    /// <summary>GitHub: the repository's numeric ID, which survives renames and is never reused.</summary>
    public string? RepositoryId { get; init; }

    /// <summary>GitHub or GitLab: a branch name (not <c>refs/heads/...</c>); <c>*</c> and <c>?</c> are wildcards.</summary>
    public string? Branch { get; init; }

    /// <summary>GitHub or GitLab: a tag name (not <c>refs/tags/...</c>); <c>*</c> and <c>?</c> are wildcards.</summary>
    public string? Tag { get; init; }

    /// <summary>GitHub: a deployment environment.</summary>
    public string? Environment { get; init; }

    /// <summary>GitHub: workflows run for pull requests.</summary>
    public bool PullRequest { get; init; }

    /// <summary>GitLab: GROUP/PROJECT, with any subgroups.</summary>
    public string? Project { get; init; }

    /// <summary>GitLab: the project's numeric ID.</summary>
    public string? ProjectId { get; init; }

    /// <summary>GitLab: a self-managed instance's URL, which is its issuer; default https://gitlab.com.</summary>
    public string? GitLabUrl { get; init; }

    /// <summary>Kubernetes: NAMESPACE/NAME.</summary>
    public string? ServiceAccount { get; init; }
}
