// A protected API that knows nothing about Tessera: ASP.NET's JWT bearer handler validates access tokens against
// the authority's OpenID discovery document, configured like any Entra-protected API:
//   Authentication__Schemes__Bearer__Authority      https://HOST/TENANT_ID/
//   Authentication__Schemes__Bearer__ValidAudiences__0   api://orders
using System.Security.Claims;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddAuthentication().AddJwtBearer();
builder.Services.AddAuthorization();
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
    managedIdentityResourceId = user.FindFirstValue("xms_mirid"),
})).RequireAuthorization();

app.Run();
