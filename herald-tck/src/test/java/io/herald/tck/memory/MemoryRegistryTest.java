package io.herald.tck.memory;

import io.herald.memory.MemoryRegistry;
import io.herald.spi.Registry;
import io.herald.tck.RegistryContract;

class MemoryRegistryTest extends RegistryContract {

    @Override
    protected Registry newRegistry() {
        return new MemoryRegistry();
    }
}
