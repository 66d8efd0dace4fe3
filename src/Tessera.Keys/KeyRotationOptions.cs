namespace Tessera.Keys;

/// <summary>When and how signing keys are replaced.</summary>
public sealed record KeyRotationOptions
{
    /// <summary>A key that has signed this long is replaced by the scheduled rotation.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a new STS key is published before it signs: resource servers refresh Tessera's key set on their
    /// own schedule (ASP.NET's JWT bearer handler every 12 hours), and must know a key before they see tokens signed
    /// with it.
    /// </summary>
    public TimeSpan StsLead { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a new issuer key is published before it signs; Tessera's STS keeps issuer keys an hour.</summary>
    public TimeSpan IssuerLead { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long a retired STS key stays published: the longest access token (a day) and a margin.</summary>
    public TimeSpan StsRetiredLifetime { get; init; } = TimeSpan.FromHours(26);

    /// <summary>How long a retired issuer key stays published: the longest workload token and a margin.</summary>
    public TimeSpan IssuerRetiredLifetime { get; init; } = TimeSpan.FromHours(25);

    /// <summary>How often the scheduled rotation looks for keys due.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Algorithm of new STS keys: RS256 (the default, as Entra signs) or ES256.</summary>
    public string StsAlgorithm { get; init; } = "RS256";
}
