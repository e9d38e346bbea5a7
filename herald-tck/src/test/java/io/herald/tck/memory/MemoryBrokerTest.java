package io.herald.tck.memory;

import io.herald.ServerEventsOptions;
import io.herald.memory.MemoryBroker;
import io.herald.spi.Broker;
import io.herald.tck.BrokerContract;

class MemoryBrokerTest extends BrokerContract {

    @Override
    protected Broker newBroker(ServerEventsOptions options) {
        return new MemoryBroker(options);
    }
}
