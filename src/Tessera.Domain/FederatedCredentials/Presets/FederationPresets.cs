using System.Text;
using Tessera.Domain.Rules;

namespace Tessera.Domain.FederatedCredentials.Presets;

/// <summary>
/// Presets turn what a user knows (a GitHub repository and branch, a GitLab project, a service account of another
/// cluster) into the issuer, subject or expression, and audience that the provider's tokens carry. They are a
/// convenience of the command line: the credential created is an ordinary one, and the API knows no presets.
/// </summary>
public static class FederationPresets
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string Kubernetes = "kubernetes";

    public static readonly IReadOnlyList<string> Names = [GitHub, GitLab, Kubernetes];

    // Which options each way of creating a credential takes; "" stands for "no preset".
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        [""] = ["--issuer", "--subject", "--claims-matching-expression"],
        [GitHub] = ["--issuer", "--repo", "--repository-id", "--branch", "--tag", "--environment", "--pull-request"],
        [GitLab] = ["--project", "--project-id", "--branch", "--tag", "--gitlab-url"],
        [Kubernetes] = ["--issuer", "--service-account"],
    };

    /// <summary>
    /// Resolves <paramref name="arguments"/>, or says every option that is missing, misplaced or malformed.
    /// </summary>
    public static (ResolvedCredential? Credential, IReadOnlyList<RuleViolation> Violations) Resolve(
        CredentialArguments arguments)
    {
        var preset = arguments.Preset ?? "";
        if (!s_allowed.TryGetValue(preset, out var allowed))
        {
            return (null, [new RuleViolation("--preset", arguments.Preset,
                $"choose one of {string.Join(", ", Names)}")]);
        }

        var misplaced = Given(arguments).Where(option => !allowed.Contains(option))
            .Select(option => Misplaced(preset, option)).ToList();
        if (misplaced.Count > 0)
        {
            return (null, misplaced);
        }

        return preset switch
        {
            GitHub => GitHubActionsPreset.Resolve(arguments),
            GitLab => GitLabCiPreset.Resolve(arguments),
            Kubernetes => KubernetesPreset.Resolve(arguments),
            _ => (new ResolvedCredential(arguments.Issuer, arguments.Subject, arguments.ClaimsMatchingExpression, null,
                null, []), []),
        };
    }

    /// <summary>A string literal of the expression language holding <paramref name="value"/>.</summary>
    internal static string Literal(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    internal static bool HasWildcard(string value) => value.Contains('*', StringComparison.Ordinal)
        || value.Contains('?', StringComparison.Ordinal);

    /// <summary>Exactly one of <paramref name="choices"/> must be given; returns it, or adds a violation.</summary>
    internal static (string Option, string Value)? ExactlyOne(
        List<RuleViolation> violations, params (string Option, string? Value)[] choices)
    {
        var given = choices.Where(c => c.Value is not null).ToList();
        if (given.Count == 1)
        {
            return (given[0].Option, given[0].Value!);
        }

        var names = string.Join(", ", choices.Select(c => c.Option));
        violations.Add(new RuleViolation(choices[0].Option, null, $"give exactly one of {names}",
            given.Count == 0
                ? $"Say which runs to trust: give one of {names}."
                : $"Give only one of {names} (received {string.Join(" and ", given.Select(g => g.Option))}); " +
                  "create one credential for each."));
        return null;
    }

    /// <summary>A branch or tag name as Git allows it, given without its refs/ prefix.</summary>
    internal static void CheckRefName(string option, string? value, string prefix, List<RuleViolation> violations)
    {
        if (value is null)
        {
            return;
        }

        if (value.StartsWith("refs/", StringComparison.Ordinal))
        {
            violations.Add(new RuleViolation(option, value,
                $"give the name without '{prefix}' (the preset adds it): {value[Math.Min(value.Length, prefix.Length)..]}"));
        }
        else if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            violations.Add(new RuleViolation(option, value, "a Git ref name is not empty and has no spaces"));
        }
    }

    internal static void CheckNumericId(string option, string? value, List<RuleViolation> violations)
    {
        if (value is not null && (value.Length is 0 or > 20 || !value.All(char.IsAsciiDigit)))
        {
            violations.Add(new RuleViolation(option, value, "give the numeric ID, digits only"));
        }
    }

    /// <summary>A credential name made from the parts: letters, digits and '-' only, as the name rules want.</summary>
    internal static string Name(params string[] parts)
    {
        var text = new StringBuilder();
        foreach (var c in string.Join('-', parts))
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c == '_';
            if (keep || (text.Length > 0 && text[^1] != '-'))
            {
                text.Append(keep ? c : '-');
            }
        }

        var name = text.ToString().TrimEnd('-');
        return name.Length > 120 ? name[..120].TrimEnd('-') : name;
    }

    private static IEnumerable<string> Given(CredentialArguments a)
    {
        (string Option, bool Given)[] options =
        [
            ("--issuer", a.Issuer is not null), ("--subject", a.Subject is not null),
            ("--claims-matching-expression", a.ClaimsMatchingExpression is not null),
            ("--repo", a.Repository is not null), ("--repository-id", a.RepositoryId is not null),
            ("--branch", a.Branch is not null), ("--tag", a.Tag is not null),
            ("--environment", a.Environment is not null), ("--pull-request", a.PullRequest),
            ("--project", a.Project is not null), ("--project-id", a.ProjectId is not null),
            ("--gitlab-url", a.GitLabUrl is not null), ("--service-account", a.ServiceAccount is not null),
        ];
        return options.Where(o => o.Given).Select(o => o.Option);
    }

    private static RuleViolation Misplaced(string preset, string option)
    {
        var sentence = preset == ""
            ? $"{option} does not go with a credential without --preset; it belongs to {PresetsTaking(option)}."
            : $"{option} does not go with --preset {preset}{MisplacedHint(preset, option)}.";
        return new RuleViolation(option, null, sentence, sentence);
    }

    private static string PresetsTaking(string option) => string.Join(" or ",
        s_allowed.Where(p => p.Key != "" && p.Value.Contains(option)).Select(p => $"--preset {p.Key}"));

    private static string MisplacedHint(string preset, string option) => (preset, option) switch
    {
        (_, "--subject" or "--claims-matching-expression") => "; the preset writes the subject itself",
        (GitLab, "--issuer") => "; give a self-managed instance's URL with --gitlab-url",
        _ => "",
    };
}
