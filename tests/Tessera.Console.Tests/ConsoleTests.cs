using OpenQA.Selenium;
using Tessera.Testing;

namespace Tessera.Console.Tests;

public sealed class ConsoleFixture : IAsyncLifetime
{
    public TesseraTestServer Server { get; private set; } = null!;

    public HeadlessChromium Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TesseraTestServer.StartAsync();
        Browser = new HeadlessChromium();
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// The admin console in a real browser: sign in, read the directory and the sign-in log, change credentials.
/// </summary>
public sealed class ConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private TesseraTestServer Server => fixture.Server;
    private HeadlessChromium Browser => fixture.Browser;
    private IWebDriver Driver => fixture.Browser.Driver;

    [Fact]
    public async Task Administrator_signs_in_creates_a_credential_and_sees_why_a_sign_in_failed()
    {
        var issuer = await Server.CreateIssuerAsync();
        var worker = await Server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:shop:worker");
        var wrong = await Server.MintAsync(issuer.Name, "shop/wroker");
        await Server.PostTokenAsync(TesseraTestServer.TokenForm(worker.ClientId, wrong.Token, "api://shop/.default"));
        await WaitForSignInLogAsync(worker.ClientId);

        SignIn(Server.Connection.AdminToken!);
        Browser.WaitFor("the identity row", d => d.FindElement(IdentityRow(worker.ClientId))).Click();
        Browser.WaitUntil("the credential form", d => d.FindElement(By.Id("credential-name")).Displayed);
        Driver.FindElement(By.Id("credential-name")).SendKeys("from-console");
        Driver.FindElement(By.Id("credential-issuer")).SendKeys(issuer.Url);
        Driver.FindElement(By.Id("credential-subject")).SendKeys("system:serviceaccount:shop:wroker");
        Driver.FindElement(By.Id("create-credential")).Click();
        Browser.WaitFor("the new credential", d => d.FindElement(CredentialRow("from-console")));
        var failure = Browser.WaitFor("the failed sign-in", d => d.FindElements(By.CssSelector("#sign-ins tr.failure"))
            .FirstOrDefault(r => r.Text.Contains("700213", StringComparison.Ordinal)));

        var credentials = await Server.Admin.ListCredentialsAsync(worker.ClientId.ToString(), null, default);
        Assert.Contains(credentials, c => c.Name == "from-console" && c.Subject == "system:serviceaccount:shop:wroker");
        Assert.Contains("system:serviceaccount:shop:wroker", failure.Text, StringComparison.Ordinal);
        Assert.Contains("Matching is exact and case-sensitive", failure.Text, StringComparison.Ordinal);
        Assert.Equal("Added federated credential 'from-console'.", Driver.FindElement(By.Id("status")).Text);
        var audit = await Server.Admin.ListAuditAsync(
            null, null, "federated-credential.create", null, null, 1000, default);
        Assert.Contains(audit, r => r.Target.EndsWith("/from-console", StringComparison.Ordinal) && r.Actor == "admin");
        SaveScreenshot("console-after-create");
    }

    [Fact]
    public async Task Credential_is_deleted_after_confirmation()
    {
        var issuer = await Server.CreateIssuerAsync();
        var worker = await Server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:shop:deleted");
        var name = (await Server.Admin.ListCredentialsAsync(worker.ClientId.ToString(), null, default)).Single().Name;

        SignIn(Server.Connection.AdminToken!);
        Browser.WaitFor("the identity row", d => d.FindElement(IdentityRow(worker.ClientId))).Click();
        Browser.WaitFor("the delete button", d => d.FindElement(CredentialRow(name)).FindElement(By.TagName("button")))
            .Click();
        Browser.WaitFor("the confirmation", d => d.SwitchTo().Alert()).Accept();
        Browser.WaitUntil("the credential to go",
            d => d.FindElements(CredentialRow(name)).Count == 0);

        Assert.Empty(await Server.Admin.ListCredentialsAsync(worker.ClientId.ToString(), null, default));
    }

    [Fact]
    public async Task Reader_signed_in_with_an_access_token_sees_the_directory_and_is_refused_changes()
    {
        var reader = await Server.CreateRoleHolderAsync("Reader");
        var token = await reader.AccessTokenAsync();

        SignIn(token);
        Browser.WaitFor("the identity row", d => d.FindElement(IdentityRow(reader.Identity.ClientId))).Click();
        Browser.WaitUntil("the credential form", d => d.FindElement(By.Id("credential-name")).Displayed);
        Driver.FindElement(By.Id("credential-name")).SendKeys("not-allowed");
        Driver.FindElement(By.Id("credential-issuer")).SendKeys("https://issuer.example/x");
        Driver.FindElement(By.Id("credential-subject")).SendKeys("x");
        Driver.FindElement(By.Id("create-credential")).Click();
        var status = Browser.WaitFor("the refusal", d => d.FindElement(By.CssSelector("#status.error")));

        Assert.Contains("may not change federated credentials", status.Text, StringComparison.Ordinal);
        Assert.Single(await Server.Admin.ListCredentialsAsync(reader.Identity.ClientId.ToString(), null, default));
    }

    [Fact]
    public void Wrong_token_is_refused_and_nothing_is_shown()
    {
        SignIn("tsa_" + new string('x', 43));

        var status = Browser.WaitFor("the refusal", d => d.FindElement(By.CssSelector("#status.error")));

        Assert.Contains("The server refused the token", status.Text, StringComparison.Ordinal);
        Assert.False(Driver.FindElement(By.Id("main")).Displayed);
        Assert.Null(((IJavaScriptExecutor)Driver).ExecuteScript("return sessionStorage.getItem('tessera.token');"));
    }

    private static By IdentityRow(Guid clientId) => By.CssSelector($"#identities tr[data-client-id='{clientId}']");

    private static By CredentialRow(string name) => By.CssSelector($"#credentials tr[data-name='{name}']");

    private void SignIn(string token)
    {
        Driver.Navigate().GoToUrl(Server.BaseUrl + "/console");
        ((IJavaScriptExecutor)Driver).ExecuteScript("sessionStorage.clear();");
        Driver.Navigate().Refresh();
        Browser.WaitFor("the sign-in form", d => d.FindElement(By.Id("token"))).SendKeys(token);
        Driver.FindElement(By.Id("sign-in")).Click();
    }

    private async Task WaitForSignInLogAsync(Guid clientId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var failures = await Server.Admin.ListSignInsAsync(
                clientId.ToString(), "failure", null, null, null, 10, default);
            if (failures.Count > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The failed sign-in never reached the sign-in log.");
    }

    private void SaveScreenshot(string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }
}
