using Tessera.Domain.Identities;
using Tessera.Domain.Issuers;
using Tessera.Domain.ServiceAccounts;
using Tessera.Domain.Tenants;

namespace Tessera.Domain.Tests;

public sealed class IdentityAndTenantRulesTests
{
    [Theory]
    [InlineData(null, "managed-identity", null, "name")]
    [InlineData("ab", "managed-identity", null, "name")]
    [InlineData("orders api", "managed-identity", null, "name")]
    [InlineData("orders", "service-principal", null, "kind")]
    [InlineData("orders", "managed-identity", "api://orders", "identifierUri")]
    [InlineData("orders", "app-registration", "not a uri", "identifierUri")]
    [InlineData("orders", "app-registration", "api://orders/.default", "identifierUri")]
    [InlineData("orders", "app-registration", "api://orders?x=1", "identifierUri")]
    [InlineData("orders", "app-registration", "api://tessera-admin", "identifierUri")]
    public void Identity_breaking_a_rule_is_refused(string? name, string kind, string? identifierUri, string field)
    {
        var violation = Assert.Single(IdentityRules.Validate(new IdentityDraft(name, kind, identifierUri)));

        Assert.Equal(field, violation.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Access_token_version_other_than_1_or_2_is_refused(int version)
    {
        var violation = Assert.Single(IdentityRules.Validate(new IdentityDraft("orders", "app-registration", null, version)));

        Assert.Equal("accessTokenVersion", violation.Field);
    }

    [Fact]
    public void App_registration_with_identifier_uri_is_valid()
    {
        Assert.Empty(IdentityRules.Validate(new IdentityDraft("orders-api", "app-registration", "api://orders", 2)));
    }

    [Fact]
    public void Managed_identity_resource_id_has_the_ARM_shape()
    {
        var tenant = Guid.Parse("11111111-2222-3333-4444-555555555555");

        Assert.Equal(
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/tessera/providers/" +
            "Microsoft.ManagedIdentity/userAssignedIdentities/orders",
            ManagedIdentityResourceId.For(tenant, "orders"));
    }

    [Theory]
    [InlineData(null, "needs a name")]
    [InlineData("ab", "3-64")]
    [InlineData("Contoso", "lowercase")]
    [InlineData("common", "reserved")]
    [InlineData("11111111-2222-3333-4444-555555555555", "reserved")]
    public void Tenant_name_breaking_a_rule_is_refused(string? name, string rule)
    {
        var violation = Assert.Single(TenantRules.Validate(name));

        Assert.Contains(rule, violation.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("contoso.example")]
    public void Tenant_names_within_the_rules_are_accepted(string name)
    {
        Assert.Empty(TenantRules.Validate(name));
    }

    [Theory]
    [InlineData("ci")]
    [InlineData("cluster-a")]
    public void Issuer_names_within_the_rules_are_accepted(string name) => Assert.Empty(IssuerRules.Validate(name));

    [Theory]
    [InlineData("")]
    [InlineData("Cluster")]
    [InlineData("-a")]
    [InlineData("a/b")]
    public void Issuer_names_outside_the_rules_are_refused(string name) => Assert.Single(IssuerRules.Validate(name));

    [Fact]
    public void Service_account_parses_into_the_kubernetes_subject()
    {
        var account = ServiceAccount.Parse("prod/orders-api");

        Assert.Equal("system:serviceaccount:prod:orders-api", account.Subject);
        Assert.Equal("prod/orders-api", account.ToString());
    }

    [Theory]
    [InlineData("orders", "NAMESPACE/NAME")]
    [InlineData("a/b/c", "NAMESPACE/NAME")]
    [InlineData("Prod/orders", "namespace 'Prod'")]
    [InlineData("prod/Orders", "name 'Orders'")]
    [InlineData("prod/", "name ''")]
    [InlineData("/orders", "namespace ''")]
    public void Malformed_service_account_is_refused_with_the_reason(string text, string expected)
    {
        Assert.False(ServiceAccount.TryParse(text, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
