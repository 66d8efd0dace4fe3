// A protected API that knows nothing about Tessera: ASP.NET's JWT bearer handler validates access tokens against
// the authority's OpenID discovery document, configured like any Entra-protected API:
//   Authentication__Schemes__Bearer__Authority      https://HOST/TENANT_ID/
//   Authentication__Schemes__Bearer__ValidAudiences__0   api://orders
// and it authorises by app role, as an Entra-protected API does: /whoami needs the role Orders.Read, which the
// access token carries in 'roles' when the caller was assigned it ('tessera role assign').
using System.Security.Claims;

const string ReadRole = "Orders.Read";

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorizationBuilder().AddPolicy(ReadRole, policy => policy.RequireRole(ReadRole));
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/healthz", () => "ok");
app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Json(new
{
    message = "Hello, workload: your access token was accepted.",
    objectId = user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier") ?? user.FindFirstValue("oid"),
    clientId = user.FindFirstValue("appid") ?? user.FindFirstValue("azp"),
    tenantId = user.FindFirstValue("http://schemas.microsoft.com/identity/claims/tenantid") ?? user.FindFirstValue("tid"),
    issuer = user.FindFirst("iss")?.Value ?? user.Claims.FirstOrDefault()?.Issuer,
    audience = user.FindFirstValue("aud"),
    roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
    managedIdentityResourceId = user.FindFirstValue("xms_mirid"),
})).RequireAuthorization(ReadRole);

app.Run();
