namespace Tessera.Webhook.Admission;

/// <summary>The body is not an AdmissionReview the webhook can answer; the message says which field is wrong.</summary>
public sealed class AdmissionReviewException(string message) : Exception(message);
