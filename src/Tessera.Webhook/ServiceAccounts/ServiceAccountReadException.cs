namespace Tessera.Webhook.ServiceAccounts;

/// <summary>A service account could not be read from the Kubernetes API (unreachable, forbidden, timed out).</summary>
public sealed class ServiceAccountReadException(string message, Exception? inner = null) : Exception(message, inner);
