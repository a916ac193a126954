namespace TSMetrics.Silo.Demo;

/// <summary>A demo user's own level for one metric, drawn once: a standard normal and a uniform in [0, 1).</summary>
public readonly record struct DemoUserLevel(double Normal, double Uniform);
