using Microsoft.Extensions.Logging;
using Tessera.Keys.Telemetry;
using Tessera.Storage;
using Tessera.Tokens.Keys;

namespace Tessera.Keys;

/// <summary>The outcome of one rotation attempt.</summary>
public sealed record RotationResult(string Owner, bool Rotated, string? NewKeyId, DateTimeOffset? ActivatesAt, string Detail);

/// <summary>
/// Replaces signing keys without breaking a token in flight: the new key is published at once and signs only after
/// a lead time; the key it replaces stops signing then and stays published until every token it signed has
/// expired. The decision to rotate is re-checked under a lock in the store, so replicas never rotate twice.
/// </summary>
public sealed partial class KeyRotator(
    IDirectoryStore store, SigningKeyRing ring, KeyRotationOptions options, TimeProvider time, TesseraMetrics metrics,
    ILogger<KeyRotator> logger)
{
    public const string StsSubject = "Tessera STS signing key";

    private static readonly TimeSpan s_certificateValidity = TimeSpan.FromDays(730);

    /// <param name="lead">How long the new key is published before it signs; the owner's default when null.</param>
    /// <param name="scheduled">True for the periodic rotation, which only replaces keys older than the interval.</param>
    public async Task<RotationResult> RotateAsync(string owner, TimeSpan? lead, bool scheduled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var isSts = owner == KeyOwners.Sts;
        var activatesAt = now + (lead ?? (isSts ? options.StsLead : options.IssuerLead));
        var retiredLifetime = isSts ? options.StsRetiredLifetime : options.IssuerRetiredLifetime;
        if (!scheduled
            && await store.AdvancePendingSigningKeyAsync(owner, activatesAt, retiredLifetime, cancellationToken) is { } advanced)
        {
            // An operator in a hurry (a suspected leak) gets the key already published, sooner, rather than a
            // refusal: it has been in the key set longer than a new one would be.
            ring.Invalidate(owner);
            LogAdvanced(logger, owner, advanced, activatesAt);
            metrics.KeyRotated(owner);
            return new RotationResult(owner, true, advanced, activatesAt,
                $"key {advanced}, already published, now signs from {activatesAt:u}");
        }

        using var key = isSts ? CreateStsKey(options.StsAlgorithm, now) : SigningKey.CreateRsa();
        string? refusal = null;
        var rotated = await store.RotateSigningKeyAsync(owner, ring.ToStored(key, owner, now, activatesAt),
            retiredLifetime,
            keys => (refusal = WhyNotDue(keys, now, scheduled)) is null, cancellationToken);
        ring.Invalidate(owner);
        if (!rotated)
        {
            return new RotationResult(owner, false, null, null, refusal ?? "not due");
        }

        LogRotated(logger, owner, key.KeyId, activatesAt, scheduled);
        metrics.KeyRotated(owner);
        return new RotationResult(owner, true, key.KeyId, activatesAt,
            $"new key {key.KeyId} published now, signing from {activatesAt:u}");
    }

    /// <summary>A new STS key of the configured algorithm, with the certificate resource servers expect.</summary>
    public static SigningKey CreateStsKey(string algorithm, DateTimeOffset now) =>
        SigningKey.CreateWithCertificate(algorithm, StsSubject, now, s_certificateValidity);

    /// <summary>Null when a rotation is due; else why not.</summary>
    private string? WhyNotDue(IReadOnlyList<StoredSigningKey> keys, DateTimeOffset now, bool scheduled)
    {
        var pending = keys.FirstOrDefault(k => k.ActivatesAt > now);
        if (pending is not null)
        {
            return $"key {pending.KeyId} is already waiting to sign from {pending.ActivatesAt:u}";
        }

        if (!scheduled)
        {
            return null;
        }

        var newest = keys.Where(k => k.RetiresAt is null).MaxBy(k => k.ActivatesAt);
        return newest is null || newest.ActivatesAt + options.Interval <= now
            ? null
            : $"the signing key is younger than {options.Interval.TotalDays:0} days";
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Brought the pending signing key {KeyId} of {Owner} forward: it signs from {ActivatesAt:u}")]
    private static partial void LogAdvanced(ILogger logger, string owner, string keyId, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Rotated the signing key of {Owner}: {KeyId} published now, signing from {ActivatesAt:u} (scheduled: {Scheduled})")]
    private static partial void LogRotated(ILogger logger, string owner, string keyId, DateTimeOffset activatesAt, bool scheduled);
}
