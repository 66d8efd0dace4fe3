// The benchmark pins processes to cores with taskset and reads /proc: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
