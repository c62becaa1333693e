package io.herald.workers.runtime;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.channel.ChannelProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A provider answering from a script and recording what it was asked to send. */
final class FakeProvider implements ChannelProvider {
    private final String id;
    private final Channel channel;
    private volatile Function<DispatchCommand, AttemptResult> script;
    final List<String> sent = new CopyOnWriteArrayList<>();

    FakeProvider(String id, Channel channel, Function<DispatchCommand, AttemptResult> script) {
        this.id = id;
        this.channel = channel;
        this.script = script;
    }

    void answer(Function<DispatchCommand, AttemptResult> script) {
        this.script = script;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public AttemptResult send(DispatchCommand command) {
        sent.add(command.getNotificationId());
        return script.apply(command);
    }

    @Override
    public void close() {
    }
}
