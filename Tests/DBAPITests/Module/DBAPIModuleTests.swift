import DBAPI
import Testing

@Suite struct DBAPIModuleTests {
    @Test("module globals are PEP 249's")
    func globals() {
        #expect(DBAPIModule.apilevel == "2.0")
        #expect(DBAPIModule.threadsafety == 2)
        #expect(DBAPIModule.paramstyle == "qmark")
    }
}
