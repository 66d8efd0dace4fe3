using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Tessera.Console.Tests;

/// <summary>
/// Debian's Chromium, headless, driven through its own chromedriver: nothing is downloaded. Each browser gets a
/// fresh profile folder, deleted afterwards. The test script installs the packages (chromium, chromium-driver).
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string DriverPath = "/usr/bin/chromedriver";

    private readonly DirectoryInfo _profile = Directory.CreateTempSubdirectory("tessera-chromium-");

    public HeadlessChromium()
    {
        if (!File.Exists(Browser) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException(
                $"The console tests need {Browser} and {DriverPath}: apt-get install chromium chromium-driver " +
                "(./scripts/test installs them).");
        }

        var service = ChromeDriverService.CreateDefaultService(
            Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions
        {
            BinaryLocation = Browser,
            // Tessera's local CA is not in the browser's trust store; the test trusts this one server.
            AcceptInsecureCertificates = true,
        };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1400,1000", $"--user-data-dir={_profile.FullName}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Driver { get; }

    /// <summary>Waits up to 15 s for <paramref name="find"/> to return something, then fails naming
    /// <paramref name="what"/>.</summary>
    public T WaitFor<T>(string what, Func<IWebDriver, T?> find) where T : class => Wait(what).Until(d => find(d))!;

    /// <summary>Waits up to 15 s for <paramref name="condition"/> to hold, then fails naming
    /// <paramref name="what"/>.</summary>
    public void WaitUntil(string what, Func<IWebDriver, bool> condition) => Wait(what).Until(condition);

    private WebDriverWait Wait(string what)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(15)) { Message = $"Timed out waiting for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException),
            typeof(NoAlertPresentException));
        return wait;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _profile.Delete(recursive: true);
    }
}
