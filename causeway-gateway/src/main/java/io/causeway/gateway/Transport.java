package io.causeway.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/** Native epoll when the platform has it (the fast path on Linux), NIO otherwise. */
record Transport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel) {

  static Transport best() {
    if (!Boolean.getBoolean("causeway.nio") && Epoll.isAvailable()) {
      return new Transport(
          "epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
          EpollSocketChannel.class, EpollDatagramChannel.class);
    }
    return new Transport(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class);
  }

  EventLoopGroup newGroup(int threads, ThreadFactory factory) {
    return new MultiThreadIoEventLoopGroup(threads, factory, ioHandlerFactory);
  }
}
