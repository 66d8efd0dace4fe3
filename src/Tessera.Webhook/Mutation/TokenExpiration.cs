using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tessera.Webhook.Mutation;

/// <summary>The workload token's lifetime: the bounds Azure's webhook allows, and how an annotation is read.</summary>
internal static class TokenExpiration
{
    public const int DefaultSeconds = 3600;
    public const int MinSeconds = 3600;
    public const int MaxSeconds = 86400;

    /// <param name="owner">Whose annotation it is, for the message: "the pod" or "service account ns/name".</param>
    public static bool TryParse(string text, string owner, out int seconds, [NotNullWhen(false)] out string? error)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
            && seconds is >= MinSeconds and <= MaxSeconds)
        {
            error = null;
            return true;
        }

        error = $"The annotation {WorkloadIdentityKeys.TokenExpiration} of {owner} is '{text}'; expected a whole " +
            $"number of seconds from {MinSeconds} to {MaxSeconds}.";
        return false;
    }
}
