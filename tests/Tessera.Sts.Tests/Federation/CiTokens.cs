using System.Text.Json.Nodes;

namespace Tessera.Sts.Tests.Federation;

/// <summary>
/// The claims real CI providers put in their OIDC tokens, for a test issuer standing in for the provider: the
/// shapes of GitHub Actions' and GitLab CI's ID tokens, values made up.
/// </summary>
internal static class CiTokens
{
    public const string RepositoryId = "740213";
    public const string ProjectId = "4190";

    /// <summary>A GitHub Actions token of a push to <paramref name="branch"/>, or of a job in an environment.</summary>
    public static Action<JsonObject> GitHub(string repository, string branch, string? environment = null,
        string repositoryId = RepositoryId, string eventName = "push") => payload =>
    {
        var owner = repository.Split('/')[0];
        var reference = eventName == "pull_request" ? "refs/pull/42/merge" : $"refs/heads/{branch}";
        payload["sub"] = environment is not null ? $"repo:{repository}:environment:{environment}"
            : eventName == "pull_request" ? $"repo:{repository}:pull_request"
            : $"repo:{repository}:ref:{reference}";
        payload["ref"] = reference;
        payload["ref_type"] = "branch";
        payload["ref_protected"] = "true";
        payload["sha"] = "4d1c2ab1f0c9a3c5e6b7d8e9f0a1b2c3d4e5f6a7";
        payload["repository"] = repository;
        payload["repository_id"] = repositoryId;
        payload["repository_owner"] = owner;
        payload["repository_owner_id"] = "9919";
        payload["repository_visibility"] = "private";
        payload["actor"] = "octocat";
        payload["actor_id"] = "583231";
        payload["workflow"] = "deploy";
        payload["event_name"] = eventName;
        payload["head_ref"] = eventName == "pull_request" ? "feature" : "";
        payload["base_ref"] = eventName == "pull_request" ? branch : "";
        payload["run_id"] = "10311290345";
        payload["run_number"] = "17";
        payload["run_attempt"] = "1";
        payload["runner_environment"] = "github-hosted";
        payload["workflow_ref"] = $"{repository}/.github/workflows/deploy.yml@{reference}";
        payload["workflow_sha"] = "4d1c2ab1f0c9a3c5e6b7d8e9f0a1b2c3d4e5f6a7";
        payload["job_workflow_ref"] = $"{repository}/.github/workflows/deploy.yml@{reference}";
        payload["job_workflow_sha"] = "4d1c2ab1f0c9a3c5e6b7d8e9f0a1b2c3d4e5f6a7";
        if (environment is not null)
        {
            payload["environment"] = environment;
        }
    };

    /// <summary>A GitLab CI ID token of a pipeline on <paramref name="branch"/>.</summary>
    public static Action<JsonObject> GitLab(string project, string branch, string projectId = ProjectId) => payload =>
    {
        payload["sub"] = $"project_path:{project}:ref_type:branch:ref:{branch}";
        payload["namespace_id"] = "72";
        payload["namespace_path"] = project[..project.LastIndexOf('/')];
        payload["project_id"] = projectId;
        payload["project_path"] = project;
        payload["user_id"] = "1337";
        payload["user_login"] = "ci-bot";
        payload["pipeline_id"] = "1184312";
        payload["pipeline_source"] = "push";
        payload["job_id"] = "5678123";
        payload["ref"] = branch;
        payload["ref_type"] = "branch";
        payload["ref_path"] = $"refs/heads/{branch}";
        payload["ref_protected"] = "true";
        payload["runner_id"] = "12270831";
        payload["runner_environment"] = "gitlab-hosted";
        payload["sha"] = "714a629c0b401fdce83e847fc9589983fc6f46bc";
        payload["project_visibility"] = "private";
        payload["ci_config_ref_uri"] = $"gitlab.com/{project}//.gitlab-ci.yml@refs/heads/{branch}";
    };

    /// <summary>A Kubernetes service-account token's nested claims, as an API server adds them.</summary>
    public static Action<JsonObject> Kubernetes(string ns, string name, string uid) => payload =>
    {
        payload["sub"] = $"system:serviceaccount:{ns}:{name}";
        payload["kubernetes.io"] = new JsonObject
        {
            ["namespace"] = ns,
            ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
        };
    };
}
