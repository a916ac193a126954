// Lets WebApplicationFactory<Program> host the gateway in tests.
public partial class Program;
