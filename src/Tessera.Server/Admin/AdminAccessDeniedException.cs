namespace Tessera.Server.Admin;

/// <summary>The caller is authenticated but holds no role allowing this operation here; answered with 403.</summary>
public sealed class AdminAccessDeniedException(string message) : Exception(message);
