import FlightSQLCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(await FlightSQLTool.run(arguments: Array(CommandLine.arguments.dropFirst())))
